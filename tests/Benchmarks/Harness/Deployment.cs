namespace SsoSuite.Benchmarks;

/// <summary>The store an app of a deployment runs on: its embedded SQLite file, or a PostgreSQL database.</summary>
public enum BenchStore
{
    Sqlite,
    Postgres,
}

/// <summary>
/// How KaseyaOne (and BMS) are deployed for one pass of the scenarios: on which store, and how many instances of each
/// app; two instances share one PostgreSQL database behind the cluster's proxy (round-robin, no affinity), as
/// <c>./run cluster</c> runs them. <see cref="PostgresOneBehindProxy"/> is one instance behind that proxy: beside the
/// other two it tells what the proxy's hop costs from what a second instance costs.
/// </summary>
public sealed record Deployment(BenchStore Store, int Instances, bool Proxied = false)
{
    public static readonly Deployment Sqlite = new(BenchStore.Sqlite, 1);
    public static readonly Deployment Postgres = new(BenchStore.Postgres, 1);
    public static readonly Deployment PostgresOneBehindProxy = new(BenchStore.Postgres, 1, Proxied: true);
    public static readonly Deployment PostgresTwoInstances = new(BenchStore.Postgres, 2);

    /// <summary>How the report names it: <c>SQLite</c>, <c>PostgreSQL</c>, <c>PostgreSQL ×1 proxied</c>, <c>PostgreSQL ×2</c>.</summary>
    public string Label => (Store == BenchStore.Sqlite ? "SQLite" : "PostgreSQL")
                           + (Instances > 1 ? $" ×{Instances}" : Proxied ? " ×1 proxied" : "");

    public bool BehindProxy => Instances > 1 || Proxied;
}
