using System.Reflection;
using Xunit.Sdk;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// A theory's PostgreSQL case (<see cref="Store.Postgres"/>), beside an <c>[InlineData(Store.Sqlite)]</c>: skipped,
/// saying why, when no server is configured outside CI, as <see cref="PostgresFactAttribute"/> is.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresDataAttribute : DataAttribute
{
    public PostgresDataAttribute()
    {
        Skip = TestPostgres.SkipReason;
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Store.Postgres]];
}
