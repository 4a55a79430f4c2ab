using Microsoft.Extensions.Configuration;
using Npgsql;
using SsoSuite.Shared.Data;

namespace SsoSuite.Shared.Tests.Data;

public class DataStoreTests
{
    private static DataStore Resolve(string? connectionString) =>
        DataStore.Resolve(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["ConnectionStrings:Default"] = connectionString }).Build(), "app.db");

    [Fact]
    public void Rule14_APostgresStoreKeepsItsStatementsPreparedAndItsPooledConnectionsUnreset_WhenTheOperatorSaysNothing()
    {
        var store = Resolve("Host=db.internal;Port=5433;Database=identity;Username=sso");

        Assert.True(store.IsPostgres);
        var applied = new NpgsqlConnectionStringBuilder(store.ConnectionString);
        Assert.Equal(128, applied.MaxAutoPrepare);
        Assert.Equal(2, applied.AutoPrepareMinUsages);
        Assert.True(applied.NoResetOnClose);
        Assert.Equal(("db.internal", 5433, "identity", "sso"), (applied.Host, applied.Port, applied.Database, applied.Username));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;Auto Prepare Min Usages=5;No Reset On Close=false")]
    [InlineData("Host=db;maxautoprepare=0;AutoPrepareMinUsages=5;noresetonclose=false")]
    public void Rule14_APostgresStoreKeepsThePoolSettingsTheOperatorWrote(string connectionString)
    {
        var applied = new NpgsqlConnectionStringBuilder(Resolve(connectionString).ConnectionString);

        Assert.Equal(0, applied.MaxAutoPrepare);
        Assert.Equal(5, applied.AutoPrepareMinUsages);
        Assert.False(applied.NoResetOnClose);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Data Source=custom.db")]
    public void TheEmbeddedDefault_IsSqlite_WithTheConnectionStringAsGiven(string? connectionString)
    {
        var store = Resolve(connectionString);

        Assert.Equal(StoreProvider.Sqlite, store.Provider);
        Assert.Equal(connectionString ?? "", store.ConnectionString);
    }
}
