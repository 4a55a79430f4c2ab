using System.Diagnostics;
using Npgsql;

namespace SsoSuite.Benchmarks;

/// <summary>
/// The PostgreSQL server of a <c>--store postgres</c> or <c>--store all</c> run: the one <c>--postgres</c> names (a
/// connection string without a database), or PostgreSQL 15 from Debian's packages started for the run, as
/// <c>./run</c> starts it: <c>initdb</c> into a data folder of its own, on a free loopback port, as the
/// <c>postgres</c> user when the harness runs as root (PostgreSQL refuses to run as root), stopped at the end.
/// Each app of each deployment gets a fresh database, dropped at the end.
/// </summary>
public sealed class BenchPostgres : IDisposable
{
    private readonly string? dataFolder;
    private readonly string? binaries;
    private readonly List<string> databases = [];

    private BenchPostgres(string server, string? dataFolder, string? binaries)
    {
        Server = server;
        this.dataFolder = dataFolder;
        this.binaries = binaries;
    }

    /// <summary>A connection string without a database.</summary>
    public string Server { get; }

    public static BenchPostgres Start(string? given)
    {
        if (given is not null)
        {
            Console.WriteLine($"  PostgreSQL: {given} (given with --postgres)");
            return new BenchPostgres(given, null, null);
        }
        var binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (binaries is null)
        {
            throw new InvalidOperationException("No PostgreSQL found under /usr/lib/postgresql: apt-get install postgresql, or name a server with --postgres \"Host=…;Port=…;Username=…\".");
        }
        var folder = Directory.CreateTempSubdirectory("ssosuite-bench-postgres-").FullName;
        var root = Environment.UserName == "root";
        if (root)
        {
            Run("chown", ["postgres", folder]);
        }
        var data = Path.Combine(folder, "data");
        Run(Path.Combine(binaries, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres"], root);
        var port = AppProcess.FreePort();
        // As ./run starts it: loopback only, its socket in /tmp, room for every instance's connection pool.
        Run(Path.Combine(binaries, "pg_ctl"), ["-D", data, "-l", Path.Combine(folder, "postgres.log"), "-w",
            "-o", $"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300", "start"], root);
        var server = $"Host=127.0.0.1;Port={port};Username=postgres";
        Console.WriteLine($"  PostgreSQL: {server} (started for this run in {folder})");
        return new BenchPostgres(server, folder, binaries);
    }

    /// <summary>A fresh database's connection string, with a pool bound so that four instances stay under max_connections.</summary>
    public string NewDatabase(string name)
    {
        var database = $"bench_{name}_{Guid.NewGuid():N}"[..32];
        databases.Add(database);
        return new NpgsqlConnectionStringBuilder(Server) { Database = database, MaxPoolSize = 50 }.ConnectionString;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (dataFolder is null)
        {
            DropDatabases();
            return;
        }
        Run(Path.Combine(binaries!, "pg_ctl"), ["-D", Path.Combine(dataFolder, "data"), "-m", "immediate", "stop"], Environment.UserName == "root", check: false);
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private void DropDatabases()
    {
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
            connection.Open();
            foreach (var database in databases)
            {
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine("Could not drop the benchmark databases: " + e.Message);
        }
    }

    private static void Run(string program, string[] arguments, bool asPostgres = false, bool check = true)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", program })
            {
                info.ArgumentList.Add(prefix);
            }
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException(program + " did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {output.Result}{errors}");
        }
    }
}
