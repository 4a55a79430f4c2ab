using Xunit;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// A test class's fixture for the provider matrix: one app per <see cref="Store"/>, started the first time a test asks
/// for it (on PostgreSQL in a fresh database of its own, dropped at the end), shared by the class's tests.
/// </summary>
public abstract class OnEachStore<TApp> : IAsyncLifetime
    where TApp : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<Store, TApp> apps = [];
    private readonly List<string> databases = [];

    /// <summary>The app with these settings on top of its tests' defaults (on PostgreSQL, its connection string).</summary>
    protected abstract TApp Create(IDictionary<string, string?> settings);

    public TApp On(Store store)
    {
        lock (gate)
        {
            if (!apps.TryGetValue(store, out var app))
            {
                var settings = new Dictionary<string, string?>();
                if (store == Store.Postgres)
                {
                    var database = TestPostgres.NewDatabase();
                    databases.Add(database);
                    settings["ConnectionStrings:Default"] = database;
                }
                apps[store] = app = Create(settings);
            }
            return app;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in apps.Values)
        {
            await app.DisposeAsync();
        }
        foreach (var database in databases)
        {
            TestPostgres.Drop(database);
        }
    }
}
