using Xunit;

namespace SsoSuite.Testing.Hosting;

/// <summary>A test that needs PostgreSQL: skipped, saying why, when no server is configured outside CI.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = TestPostgres.SkipReason;
    }
}
