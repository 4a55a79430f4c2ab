using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SsoSuite.Benchmarks;

/// <summary>The report: a line per result while running, then a Markdown table and JSON under tests/Benchmarks/results/.</summary>
public static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Line(Row row)
    {
        var r = row.Result;
        var head = FormattableString.Invariant(
            $"  {row.Scenario,-38} {row.Target,-22} {r.PerSecond,9:0.0}/s  p50 {r.Percentile(50),7:0.00} ms  p99 {r.Percentile(99),7:0.00} ms") +
            (r.ServerPercentile(99) is { } server ? FormattableString.Invariant($" (server p99 {server:0.00} ms)") : "");
        var tail = FormattableString.Invariant(
            $"  n {r.Requests,7}  err {r.Errors}  non-ok {r.NonSuccess}  5xx {r.ServerErrors}  CPU/op {r.CpuMsPerOperation:0.000} ms") +
            (r.HashCpuMsPerOperation is { } hash ? FormattableString.Invariant($" (hash {hash:0.0} ms)") : "") +
            FormattableString.Invariant($"  peak RSS {row.PeakRssMb:0} MB");
        var problems = r.Samples.Count > 0 ? "\n      first problems: " + string.Join(" | ", r.Samples) : "";
        return head + tail + Ratio("  vs ceiling ", row.VsCeiling) + Ratio("  vs peer ", row.VsPeer) + problems;
    }

    private static string Ratio(string label, double? value) =>
        value is null ? "" : string.Create(Invariant, $"{label}{value:0.00}×");

    public static void Write(string folder, string stamp, Settings settings, double hashMs, ParallelVerifies parallel, IReadOnlyList<Row> rows,
        IReadOnlyList<WrkRow> wrkRows, IReadOnlyList<MemoryRow> memory, IReadOnlyList<Goal> goals)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant, $"# SsoSuite benchmark {stamp} (commit {Repository.Commit()})");
        md.AppendLine();
        md.AppendLine(Invariant, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; concurrency {settings.Concurrency} " +
                                 $"(re-authorization: {Settings.ReauthorizationUsers} users); {settings.Warmup.TotalSeconds:0} s warm-up (logins: {settings.LoginWarmup.TotalSeconds:0} s), each after one operation alone, + {settings.Duration.TotalSeconds:0} s per target " +
                                 $"in {settings.Rounds} interleaved round(s); one PasswordHasher verify {hashMs:0.0} ms alone, " +
                                 $"{parallel.CpuMsEach:0.0} ms of CPU each with every core verifying ({parallel.PerSecond:0.0}/s).");
        md.AppendLine();
        md.AppendLine("| scenario | target | req/s | p50 ms | p99 ms | server p50 ms | server p99 ms | CPU ms/op | requests | errors | non-success | 5xx | peak RSS MB | vs ceiling | vs peer |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            md.AppendLine(Invariant,
                $"| {r.Scenario} | {r.Target} | {r.Result.PerSecond:0.0} | {r.Result.Percentile(50):0.00} | {r.Result.Percentile(99):0.00} | " +
                $"{Milliseconds(r.Result.ServerPercentile(50))} | {Milliseconds(r.Result.ServerPercentile(99))} | {Cpu(r.Result.CpuMsPerOperation)} | {r.Result.Requests} | " +
                $"{r.Result.Errors} | {r.Result.NonSuccess} | {r.Result.ServerErrors} | {r.PeakRssMb:0} | {Cell(r.VsCeiling)} | {Cell(r.VsPeer)} |");
        }
        var deployments = rows.Select(r => r.Deployment).Distinct().ToList();
        if (deployments.Count > 1)
        {
            md.AppendLine();
            md.AppendLine("The scenarios side by side on each deployment (req/s; two instances: both instances and the proxy on the same cores):");
            md.AppendLine();
            md.AppendLine("| scenario | " + string.Join(" | ", deployments) + " | PostgreSQL vs SQLite | ×2 vs ×1 | ×1 proxied vs ×1 | ×2 vs ×1 proxied |");
            md.AppendLine("|---|" + string.Concat(deployments.Select(_ => "---:|")) + "---:|---:|---:|---:|");
            foreach (var scenario in rows.Select(r => r.Scenario).Distinct())
            {
                double? At(string deployment) => rows.FirstOrDefault(r => r.Scenario == scenario && r.Deployment == deployment)?.Result.PerSecond;
                double? Ratio(string over, string under) => At(over) is { } o && At(under) is { } u && u > 0 ? o / u : null;
                md.AppendLine(Invariant, $"| {scenario} | {string.Join(" | ", deployments.Select(d => At(d) is { } v ? v.ToString("0.0", Invariant) : "—"))} | " +
                                         $"{Cell(Ratio(Deployment.Postgres.Label, Deployment.Sqlite.Label))} | {Cell(Ratio(Deployment.PostgresTwoInstances.Label, Deployment.Postgres.Label))} | " +
                                         $"{Cell(Ratio(Deployment.PostgresOneBehindProxy.Label, Deployment.Postgres.Label))} | " +
                                         $"{Cell(Ratio(Deployment.PostgresTwoInstances.Label, Deployment.PostgresOneBehindProxy.Label))} |");
            }
        }
        if (wrkRows.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("The metadata scenarios again with an external load generator (wrk, `-t2 -c64`):");
            md.AppendLine();
            md.AppendLine("| scenario | target | req/s (wrk) | vs ceiling |");
            md.AppendLine("|---|---|---:|---:|");
            foreach (var w in wrkRows)
            {
                md.AppendLine(Invariant, $"| {w.Scenario} | {w.Target} | {w.PerSecond:0.0} | {Cell(w.VsCeiling)} |");
            }
        }
        md.AppendLine();
        md.AppendLine("Memory after the run (MiB): resident, and private (USS: pages only this process maps; PSS: shared pages divided among their users):");
        md.AppendLine();
        md.AppendLine("| target | when | RSS | peak RSS | USS | PSS | resident set made of | memory handed back once quiet so far |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---|---|");
        foreach (var m in memory)
        {
            md.AppendLine(Invariant, $"| {m.Target} | {m.Moment} | {m.RssMb:0} | {m.PeakRssMb:0} | {m.UssMb:0} | {m.PssMb:0} | {m.Breakdown} | {m.HandedBack} |");
        }
        md.AppendLine();
        md.AppendLine("| target | required | measured | |");
        md.AppendLine("|---|---|---|---|");
        foreach (var g in goals)
        {
            md.AppendLine(Invariant, $"| {g.Name} | {g.Required} | {g.Measured} | {(g.Met ? "met" : "**missed**")} |");
        }
        var problems = rows.Where(r => r.Result.Samples.Count > 0).ToList();
        if (problems.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("First problems seen:");
            foreach (var r in problems)
            {
                md.AppendLine(Invariant, $"- {r.Scenario} / {r.Target}: {string.Join(" | ", r.Result.Samples)}");
            }
        }

        var json = JsonSerializer.Serialize(new
        {
            stamp,
            commit = Repository.Commit(),
            cores = Environment.ProcessorCount,
            concurrency = settings.Concurrency,
            durationSeconds = settings.Duration.TotalSeconds,
            warmupSeconds = settings.Warmup.TotalSeconds,
            loginWarmupSeconds = settings.LoginWarmup.TotalSeconds,
            rounds = settings.Rounds,
            passwordHashVerifyMs = hashMs,
            passwordHashVerifyCpuMsAllCores = parallel.CpuMsEach,
            passwordHashVerifiesPerSecondAllCores = parallel.PerSecond,
            results = rows.Select(r => new
            {
                deployment = r.Deployment,
                scenario = r.Scenario,
                target = r.Target,
                requestsPerSecond = r.Result.PerSecond,
                p50Ms = r.Result.Percentile(50),
                p99Ms = r.Result.Percentile(99),
                serverP50Ms = r.Result.ServerPercentile(50),
                serverP99Ms = r.Result.ServerPercentile(99),
                cpuMsPerOperation = r.Result.CpuMsPerOperation,
                hashCpuMsPerOperation = r.Result.HashCpuMsPerOperation,
                requests = r.Result.Requests,
                errors = r.Result.Errors,
                nonSuccess = r.Result.NonSuccess,
                serverErrors = r.Result.ServerErrors,
                peakRssMb = r.PeakRssMb,
                rssMb = r.RssMb,
                vsCeiling = r.VsCeiling,
                vsPeer = r.VsPeer,
                problems = r.Result.Samples,
            }),
            wrk = wrkRows,
            memory,
            targets = goals,
        }, Indented);

        Directory.CreateDirectory(folder);
        var text = md.ToString();
        File.WriteAllText(Path.Combine(folder, $"{stamp}.md"), text);
        File.WriteAllText(Path.Combine(folder, $"{stamp}.json"), json);
        File.WriteAllText(Path.Combine(folder, "latest.md"), text);
        File.WriteAllText(Path.Combine(folder, "latest.json"), json);
        Console.WriteLine();
        Console.WriteLine(text);
        Console.WriteLine($"Written to tests/Benchmarks/results/{stamp}.md and .json (logs in results/logs-{stamp}/).");
    }

    private static string Cpu(double? value) => value is null ? "—" : value.Value.ToString("0.000", Invariant);

    private static string Milliseconds(double? value) => value is null ? "—" : value.Value.ToString("0.00", Invariant);

    private static string Cell(double? ratio) => ratio is null ? "—" : ratio.Value.ToString("0.00", Invariant) + "×";
}
