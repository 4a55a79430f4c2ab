namespace SsoSuite.Testing.Hosting;

/// <summary>
/// The stores both apps run on (issue 14): SQLite, the embedded default, and PostgreSQL, chosen by a <c>Host=…</c>
/// connection string. The store-level tests run on each, as a theory over this.
/// </summary>
public enum Store
{
    Sqlite,
    Postgres,
}
