using System.Diagnostics;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// One instance of an app as a real operating-system process: <c>dotnet</c> on the app's own build output (the same
/// configuration as the tests), on a loopback port of its own, with the settings a test gives it as environment
/// variables. Unlike an app in process, it can be killed as an operator's host would kill it: SIGKILL, no shutdown
/// code run at all.
/// </summary>
public sealed class AppInstanceProcess : IAsyncDisposable
{
    private const int LogLines = 200;
    private readonly Process process;
    private readonly Queue<string> log = new();

    private AppInstanceProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public bool HasExited => process.HasExited;

    /// <param name="project">The app's project folder under the repository root (<c>Identity</c>, <c>Bms.App</c>).</param>
    /// <param name="assembly">Its entry assembly (<c>SsoSuite.Identity.dll</c>).</param>
    /// <param name="settings">Configuration keys (<c>ConnectionStrings:Default</c>…); <c>Urls</c> is set from <paramref name="port"/>.</param>
    public static AppInstanceProcess Start(string project, string assembly, int port, IDictionary<string, string?> settings)
    {
        var output = BuildOutput(project);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(output, assembly));
        // Urls, not ASPNETCORE_URLS: the app's appsettings.json names its usual port under Urls, which wins over the
        // host variable; an environment variable of the same key wins over the file.
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = new Process { StartInfo = info };
        var instance = new AppInstanceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => instance.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return instance;
    }

    /// <summary>The app's build output beside the tests': <c>&lt;repository&gt;/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0</c>.</summary>
    private static string BuildOutput(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SsoSuite.sln")))
            {
                return Path.Combine(dir.FullName, project, "bin", configuration, "net10.0");
            }
        }
        throw new InvalidOperationException("SsoSuite.sln not found above " + AppContext.BaseDirectory);
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.Enqueue(line);
            if (log.Count > LogLines)
            {
                log.Dequeue();
            }
        }
    }

    /// <summary>The last lines the app wrote, for a test's failure message.</summary>
    public string Log()
    {
        lock (log)
        {
            return string.Join(Environment.NewLine, log);
        }
    }

    /// <summary>Waits, up to <paramref name="timeout"/>, until the instance answers <c>/health</c>; fails with its log if it exits or never does.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = new CancellationTokenSource(timeout);
        while (!deadline.IsCancellationRequested)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The instance at {BaseAddress} exited ({process.ExitCode}) during start:{Environment.NewLine}{Log()}");
            }
            try
            {
                using var response = await http.GetAsync("/health", deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            try
            {
                await Task.Delay(200, deadline.Token);
            }
            catch (TaskCanceledException)
            {
            }
        }
        throw new TimeoutException($"The instance at {BaseAddress} did not answer /health within {timeout.TotalSeconds:0} s:{Environment.NewLine}{Log()}");
    }

    /// <summary>Waits, up to <paramref name="timeout"/>, for an instance that should stop by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The instance at {BaseAddress} still runs after {timeout.TotalSeconds:0} s:{Environment.NewLine}{Log()}");
        }
        // The asynchronous readers may still hold the last lines: WaitForExit without a timeout waits for them too.
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary><c>kill -9</c>: on Unix, <see cref="Process.Kill(bool)"/> sends SIGKILL; the instance runs no more code.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }
        process.Dispose();
    }
}
