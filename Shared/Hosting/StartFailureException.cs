using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// A start that fails for a reason the operator can fix: a setting (its validation names it), the data folder, a store
/// that cannot be reached, a port already in use. The app then says why on one line of standard error and exits with
/// <see cref="ExitCode"/>, instead of an unhandled exception's stack trace and an abort (exit 134). Any other exception
/// at start is a fault of the app, and keeps its stack trace.
/// </summary>
public sealed partial class StartFailureException(string reason, Exception? cause = null) : Exception(reason, cause)
{
    /// <summary>What the process exits with after a failure it explained (1: a general error, as systemd and shells read it).</summary>
    public const int ExitCode = 1;

    /// <summary>The reason of a failure the operator can fix, or null for any other.</summary>
    public static string? ReasonOf(Exception failure) => failure switch
    {
        StartFailureException known => known.Message,
        OptionsValidationException invalid => string.Join(" ", invalid.Failures.Select(MessageOf)),
        // Kestrel's own sentence: "Failed to bind to address http://127.0.0.1:5000: address already in use."
        IOException { InnerException: AddressInUseException } bind => bind.Message,
        // Several settings classes failing their validation at once (IStartupValidator), each with its reason.
        AggregateException { InnerExceptions.Count: > 0 } all when all.InnerExceptions.All(e => ReasonOf(e) is not null) =>
            string.Join(" ", all.InnerExceptions.Select(ReasonOf)),
        _ => null,
    };

    /// <summary>
    /// A data annotation's own message (which names the setting), without the wrapping the options validation adds:
    /// "DataAnnotation validation failed for 'KaseyaOneOptions' members: 'ClientId' with the error: '…'."
    /// </summary>
    private static string MessageOf(string failure) =>
        DataAnnotationFailure().Match(failure) is { Success: true } match ? match.Groups["message"].Value : failure;

    [GeneratedRegex("^DataAnnotation validation failed for '[^']*' members: '[^']*' with the error: '(?<message>.*)'\\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    /// <summary>
    /// Whether the failure is one <see cref="ReasonOf"/> explains: an exception filter for the app's entry point, so that
    /// any other failure goes on unhandled, with its stack trace. Only when the app is the process (the caller's assembly
    /// is the entry assembly): an app hosted in another process, such as a test host, leaves the failure to its host.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsExplained(Exception failure) =>
        Assembly.GetEntryAssembly() == Assembly.GetCallingAssembly() && ReasonOf(failure) is not null;

    /// <summary>
    /// Writes "<paramref name="name"/> did not start: reason" to standard error, after the host's own log lines (the
    /// console logger writes on a thread of its own: disposing the app flushes it); the process's exit code.
    /// </summary>
    public static async Task<int> ReportAsync(string name, IAsyncDisposable? app, Exception failure)
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        await Console.Error.WriteLineAsync($"{name} did not start: {ReasonOf(failure)}");
        return ExitCode;
    }
}
