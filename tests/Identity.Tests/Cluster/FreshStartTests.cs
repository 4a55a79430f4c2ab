using SsoSuite.Identity.Tests.Support;
using SsoSuite.Testing.Mfa;

namespace SsoSuite.Identity.Tests.Cluster;

/// <summary>
/// A cluster's first start: two instances started together on a PostgreSQL server where their database does not exist
/// yet. One creates the database and migrates it, the key ring's table too, under the start-up lock while the other
/// waits; nothing queries the database or a migrations history table before it exists, so an operator reading the
/// first start sees no error where nothing is wrong.
/// </summary>
public sealed class FreshStartTests
{
    [PostgresFact]
    public async Task Journey_TwoInstancesStartingOnAnEmptyServer_LogNoErrorOnTheWay_AndBothAnswer()
    {
        var authenticator = new Authenticator();

        var start = await FirstStart.OfTwoInstancesAsync(settings => IdentityFactory.On(null, settings, authenticator));

        Assert.True(start.Errors.Count == 0, string.Join(Environment.NewLine, start.Errors));
        Assert.Equal(["Healthy", "Healthy"], start.Health);
    }
}
