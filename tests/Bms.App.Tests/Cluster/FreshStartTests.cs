namespace SsoSuite.Bms.Tests.Cluster;

/// <summary>
/// A cluster's first start of BMS: two instances started together on a PostgreSQL server where their database does not
/// exist yet. One creates and migrates it (the key ring too) and seeds the demo data while the other waits; an operator
/// reading the first start sees no error where nothing is wrong.
/// </summary>
public sealed class FreshStartTests
{
    [PostgresFact]
    public async Task Journey_TwoInstancesStartingOnAnEmptyServer_LogNoErrorOnTheWay_AndBothAnswer()
    {
        var database = TestPostgres.NewDatabase();
        using var log = new StartLog();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Default"] = database };
        var a = BmsFactory.With(settings);
        var b = BmsFactory.With(settings);
        try
        {
            var (atA, atB) = (log.Of(a), log.Of(b));

            await Task.WhenAll(Task.Run(() => atA.Server), Task.Run(() => atB.Server));

            Assert.True(log.Errors.Count == 0, string.Join(Environment.NewLine, log.Errors));
            Assert.Equal("Healthy", await atA.CreateClient().GetStringAsync("/health"));
            Assert.Equal("Healthy", await atB.CreateClient().GetStringAsync("/health"));
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
            TestPostgres.Drop(database);
        }
    }
}
