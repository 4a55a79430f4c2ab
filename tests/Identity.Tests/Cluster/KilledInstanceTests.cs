using System.Net;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Cluster;

/// <summary>
/// Issue 14: one of two KaseyaOne processes is killed with SIGKILL (<c>kill -9</c>) in the middle of a sign-in. The
/// journey completes through the other instance, and what the dead one committed (the enrolled authenticator, the
/// session, the authorization code) is all there.
/// </summary>
public sealed class KilledInstanceTests(TwoInstanceProcesses cluster) : IClassFixture<TwoInstanceProcesses>
{
    // A demo account of the Development seed, with no authenticator until its first sign-in.
    private const string Company = "Acme MSP";
    private const string UserName = "bob";

    [PostgresFact]
    public async Task Journey_TheInstanceThatSignedTheUserInIsKilledWithSigkill_TheSignInCompletesThroughTheOtherAndNothingCommittedIsLost()
    {
        using var browser = cluster.Browser();
        var rp = new RelyingParty(browser.Http);
        // Password, enrolment with the first code, back to the authorization endpoint: a code for the relying party.
        var code = rp.CodeFrom(await browser.SignInAsync(Company, UserName, returnUrl: rp.AuthorizeUrl()));
        var requests = cluster.Proxy.Log.All;
        Assert.Equal(["instance-1", "instance-2"], requests.Select(r => r.Instance).Distinct().Order());

        // The instance that checked the code enrolled the authenticator and wrote the session; it dies now.
        var signedInBy = requests.Last(r => r.Method == "POST" && r.Path == KaseyaOneForms.EnrolPath).Instance!;
        var survivor = signedInBy == "instance-1" ? "instance-2" : "instance-1";
        await cluster[signedInBy].KillAsync();
        Assert.True(cluster[signedInBy].HasExited);
        await cluster.Proxy.WaitUntilTakenOutAsync(signedInBy, TimeSpan.FromSeconds(30));
        var killed = cluster.Proxy.Log.Mark();

        // The relying party redeems the code the dead instance's sign-in issued, and refreshes the tokens it got.
        var (redeemed, tokens) = await rp.RedeemAsync(code);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        await rp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!);
        var (refreshed, _) = await rp.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);

        // The session the dead instance wrote still signs the browser in.
        Assert.Equal("/", (await browser.OpenAsync("/")).Path);

        // The authenticator it enrolled is kept: another sign-in asks for a code, not for a new enrolment.
        using var another = cluster.Browser();
        Assert.Equal(KaseyaOneForms.CodePath, (await another.EnterPasswordAsync(Company, UserName)).Path);

        Assert.All(cluster.Proxy.Log.Since(killed), r => Assert.Equal(survivor, r.Instance));
    }
}
