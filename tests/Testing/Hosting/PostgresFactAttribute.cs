using Xunit;

namespace SsoSuite.Testing.Hosting;

/// <summary>A test that needs PostgreSQL: skipped, saying why, when no server is configured outside CI.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.Server is null && Environment.GetEnvironmentVariable("CI") is null)
        {
            Skip = $"No PostgreSQL server: set {TestPostgres.Variable} (e.g. Host=127.0.0.1;Port=5433;Username=postgres) or run ./run test, which starts one.";
        }
    }
}
