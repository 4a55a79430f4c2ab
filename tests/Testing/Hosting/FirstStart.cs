using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// A cluster's first start: two instances of one app started together on a PostgreSQL server where their database does
/// not exist yet, seen as an operator reading their output sees it.
/// </summary>
public static class FirstStart
{
    /// <param name="Errors">Each entry logged at Error level or above on the way: its category, message and exception.</param>
    /// <param name="Health">What each instance's <c>/health</c> answered once both had started.</param>
    public sealed record Outcome(IReadOnlyList<string> Errors, IReadOnlyList<string> Health);

    /// <param name="instance">An instance of the app with these settings (the new database's connection string).</param>
    public static async Task<Outcome> OfTwoInstancesAsync<TEntryPoint>(
        Func<IDictionary<string, string?>, WebApplicationFactory<TEntryPoint>> instance)
        where TEntryPoint : class
    {
        var database = TestPostgres.NewDatabase();
        using var logs = new FakeLoggerProvider();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Default"] = database };
        WebApplicationFactory<TEntryPoint>[] instances = [instance(settings), instance(settings)];
        try
        {
            // Derived factories, which their originals dispose of.
            var logged = instances.Select(app => app.WithWebHostBuilder(web => web.ConfigureLogging(l => l.AddProvider(logs)))).ToList();
            await Task.WhenAll(logged.Select(app => Task.Run(() => app.Server)));
            var errors = logs.Collector.GetSnapshot()
                .Where(r => r.Level >= LogLevel.Error)
                .Select(r => $"{r.Category}: {r.Message} {r.Exception?.Message}")
                .ToList();
            var health = await Task.WhenAll(logged.Select(app => app.CreateClient().GetStringAsync("/health")));
            return new Outcome(errors, health);
        }
        finally
        {
            foreach (var app in instances)
            {
                await app.DisposeAsync();
            }
            TestPostgres.Drop(database);
        }
    }
}
