using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SsoSuite.Benchmarks;

/// <summary>
/// An external load generator beside the harness's own: wrk from Debian's packages (installed when missing), run
/// as <c>wrk -t2 -c64</c> against the metadata documents. It is a C program with its own event loop, so its figure
/// does not depend on how the harness's .NET workers share the two cores with the servers.
/// </summary>
public static partial class Wrk
{
    public const int Threads = 2;
    public const int Connections = 64;

    /// <summary>True when wrk is on the machine, after installing it with apt-get when it was not.</summary>
    public static bool EnsureInstalled()
    {
        if (File.Exists("/usr/bin/wrk"))
        {
            return true;
        }
        Console.WriteLine("Installing wrk from Debian's packages …");
        var sudo = Environment.UserName == "root" ? "" : "sudo ";
        // A fresh machine may not have read the package lists yet ("Unable to locate package"): read them, then try again.
        using var apt = Process.Start(new ProcessStartInfo("bash",
            ["-c", $"{sudo}apt-get install -y -qq wrk || ({sudo}apt-get update -qq && {sudo}apt-get install -y -qq wrk)"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        // Both streams read while it runs, so that a full pipe cannot stall it.
        var output = apt?.StandardOutput.ReadToEndAsync();
        var errors = apt?.StandardError.ReadToEndAsync();
        apt?.WaitForExit();
        if (!File.Exists("/usr/bin/wrk"))
        {
            Console.WriteLine($"wrk could not be installed (apt-get: {errors?.Result.Trim()}); its rows read \"not measured\".");
            return false;
        }
        _ = output?.Result;
        return true;
    }

    /// <summary>Requests per second wrk reached against <paramref name="url"/> in <paramref name="duration"/>.</summary>
    public static async Task<double> RequestsPerSecondAsync(Uri url, TimeSpan duration, CancellationToken ct)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        using var wrk = Process.Start(new ProcessStartInfo("/usr/bin/wrk",
            [$"-t{Threads}", $"-c{Connections}", $"-d{seconds}s", url.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("wrk did not start.");
        var output = await wrk.StandardOutput.ReadToEndAsync(ct);
        await wrk.WaitForExitAsync(ct);
        var match = RequestsPerSecond().Match(output);
        if (wrk.ExitCode != 0 || !match.Success)
        {
            throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {output}{await wrk.StandardError.ReadToEndAsync(ct)}");
        }
        if (NonSuccess().Match(output) is { Success: true } bad)
        {
            Load.Note($"wrk {url}: {bad.Value.Trim()}");
            return 0;
        }
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+\d+")]
    private static partial Regex NonSuccess();
}
