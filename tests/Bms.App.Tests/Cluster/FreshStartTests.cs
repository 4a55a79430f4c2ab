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
        var start = await FirstStart.OfTwoInstancesAsync(BmsFactory.With);

        Assert.True(start.Errors.Count == 0, string.Join(Environment.NewLine, start.Errors));
        Assert.Equal(["Healthy", "Healthy"], start.Health);
    }
}
