using System.Net;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using SsoSuite.Identity.Launcher;
using SsoSuite.Identity.Oidc;
using SsoSuite.Identity.Sessions;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Testing.Browsing;
using SsoSuite.Testing.Hosting;

namespace SsoSuite.Identity.Tests.Cluster;

/// <summary>
/// Two KaseyaOne instances on one PostgreSQL database: what one instance decides, the other honours on its very next
/// request, and what must happen once happens once.
/// </summary>
public sealed class TwoInstancesTests(TwoInstances cluster) : IClassFixture<TwoInstances>
{
    [PostgresFact]
    public async Task Keys_TwoInstancesStartedTogether_MakeOneKeySetOneKeyRingAndOneClientRegistration()
    {
        Assert.Equal(await cluster.A.CreateClient().GetStringAsync("/.well-known/jwks"),
                     await cluster.B.CreateClient().GetStringAsync("/.well-known/jwks"));
        var (providerKeys, ringKeys, clients) = await cluster.A.WithDbAsync(async db => (
            await db.Set<ProviderKey>().CountAsync(),
            await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM \"DataProtectionKeys\"").SingleAsync(),
            await db.Set<OpenIddictEntityFrameworkCoreApplication>().CountAsync()));
        Assert.Equal(4, providerKeys); // ES256, RS256 and HMAC signing, AES encryption
        Assert.Equal(1, ringKeys);
        Assert.Equal(2, clients);
    }

    [PostgresFact]
    public async Task Rule9_SessionEndedThroughOneInstance_IsRefusedByTheOtherOnItsNextRequest()
    {
        var user = await cluster.A.CreateAsync();
        var (atA, atB) = cluster.Browser();
        using var a = atA;
        using var b = atB;
        Assert.Equal("/", (await atA.SignInAsync(IdentityFactory.Company, user)).Path);
        // The session cookie A wrote is read by B (one key ring); B reads the session once and then answers from memory.
        Assert.Equal("/", (await atB.OpenAsync("/")).Path);
        using (var reads = StoreReads.Of("Sessions", cluster.ConnectionString))
        {
            Assert.Equal("/", (await atB.OpenAsync("/")).Path);
            Assert.Equal(0, reads.Count);
        }

        var captured = atB.Cookie("k1.session")!;

        var signOut = await atA.OpenAsync("/Sessions/SignOut");
        await atA.SubmitAsync(signOut, new Dictionary<string, string>());

        // The sign-out cleared the browser's cookie; a copy of it taken before must now be refused by B as well.
        using var copy = new FormBrowser(new HttpMessageInvoker(cluster.B.Server.CreateHandler()), cluster.B.Server.BaseAddress);
        copy.Cookies.Add(new Cookie("k1.session", captured, "/", "localhost"));
        Assert.Equal("/Accounts/Login", (await copy.OpenAsync("/")).Path);
    }

    [PostgresFact]
    public async Task Rule9_AnAccessTokenOfASessionEndedThroughOneInstance_IsRefusedAtTheOthersUserinfo()
    {
        var user = await cluster.A.CreateAsync();
        var (atA, atB) = cluster.Browser();
        using var a = atA;
        using var b = atB;
        var rp = new RelyingParty(atA.Http);
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(await atA.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl())));
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var atBsUserInfo = new RelyingParty(atB.Http);
        async Task<HttpStatusCode> UserInfoAtB() => (await atBsUserInfo.UserInfoAsync(accessToken)).Response.StatusCode;
        // B has read the token, its authorization and the account, and may answer the next one from memory.
        Assert.Equal(HttpStatusCode.OK, await UserInfoAtB());
        Assert.Equal(HttpStatusCode.OK, await UserInfoAtB());

        await atA.SubmitAsync(await atA.OpenAsync("/Sessions/SignOut"), new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoAtB());
    }

    [PostgresFact]
    public async Task Rule14_AClientChangedThroughOneInstance_IsReadAnewByTheOtherOnItsNextRequest()
    {
        async Task<string?> DisplayNameAt(IdentityFactory instance) => await instance.InScopeAsync(async services =>
        {
            var clients = services.GetRequiredService<IOpenIddictApplicationManager>();
            return await clients.GetDisplayNameAsync((await clients.FindByClientIdAsync(IdentityFactory.ClientId))!);
        });
        var before = await DisplayNameAt(cluster.B);
        using (var reads = StoreReads.Of("OpenIddictApplications", cluster.ConnectionString))
        {
            Assert.Equal(before, await DisplayNameAt(cluster.B));
            Assert.Equal(0, reads.Count);
        }

        // A third instance starts with the client renamed in its settings and updates the stored client (ClientRegistration).
        var renamed = "Renamed " + Guid.NewGuid().ToString("N")[..8];
        await using (await cluster.StartAnotherAsync(new Dictionary<string, string?> { ["Oidc:Clients:1:DisplayName"] = renamed }))
        {
        }

        Assert.Equal(renamed, await DisplayNameAt(cluster.B));
    }

    [PostgresFact]
    public async Task Rule14_AClientAddedThroughOneInstance_IsFoundByTheOther_AfterItRefusedTheId()
    {
        var clientId = "added-" + Guid.NewGuid().ToString("N")[..8];
        Task<object?> FindAt(IdentityFactory instance) => instance.InScopeAsync(async services =>
            await services.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(clientId));
        // B refuses the id from the list of client ids it now keeps.
        Assert.Null(await FindAt(cluster.B));

        await cluster.A.InScopeAsync(async services =>
            await services.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = clientId,
                ClientSecret = "a-secret-of-at-least-thirty-two-characters",
                ClientType = OpenIddictConstants.ClientTypes.Confidential,
                Permissions = { OpenIddictConstants.Permissions.Endpoints.Token, OpenIddictConstants.Permissions.GrantTypes.ClientCredentials },
            }));
        try
        {
            Assert.NotNull(await FindAt(cluster.B));
        }
        finally
        {
            await cluster.A.InScopeAsync(async services =>
            {
                var clients = services.GetRequiredService<IOpenIddictApplicationManager>();
                await clients.DeleteAsync((await clients.FindByClientIdAsync(clientId))!);
                return true;
            });
        }
    }

    [PostgresFact]
    public async Task Rule11_AModuleUrlSavedThroughOneInstance_AppliesAtTheOtherOnItsNextRequest()
    {
        var user = await cluster.A.CreateAsync();
        var account = await cluster.A.WithDbAsync(db => db.Accounts.SingleAsync(x => x.UserName == user));
        Task<EffectiveModuleUrl?> EffectiveAtB() => cluster.B.InScopeAsync(services =>
            services.GetRequiredService<ModuleUrls>().EffectiveAsync(account.TenantId, account.Id, "bms", CancellationToken.None));
        var before = await EffectiveAtB();
        using (var reads = StoreReads.Of("ModuleUrls", cluster.ConnectionString))
        {
            Assert.Equal(before, await EffectiveAtB());
            Assert.Equal(0, reads.Count);
        }

        await cluster.A.InScopeAsync(async services =>
        {
            await services.GetRequiredService<ModuleUrls>().SaveAsync(account.TenantId, Guid.Empty, "bms", ModuleRegion.Custom,
                "https://bms-two.example/", "https://bms-two.example/Tickets", CancellationToken.None);
            return true;
        });

        var after = await EffectiveAtB();
        Assert.Equal("https://bms-two.example/Tickets", after?.LandingPageUrl);
    }

    [PostgresFact]
    public async Task ExactlyOnce_ACodeRedeemedAtBothInstancesAtOnce_GivesOneToken()
    {
        var user = await cluster.A.CreateAsync();
        var (atA, atB) = cluster.Browser();
        using var a = atA;
        using var b = atB;
        var rpA = new RelyingParty(atA.Http);
        var code = rpA.CodeFrom(await atA.SignInAsync(IdentityFactory.Company, user, returnUrl: rpA.AuthorizeUrl()));

        var answers = await Task.WhenAll(rpA.RedeemAsync(code), new RelyingParty(atB.Http).RedeemAsync(code, rpA.Verifier));

        Assert.Single(answers, r => r.Response.StatusCode == HttpStatusCode.OK);
        Assert.Single(answers, r => r.Response.StatusCode == HttpStatusCode.BadRequest
                                    && r.Body.GetProperty("error").GetString() == "invalid_grant");
    }

    [PostgresFact]
    public async Task ExactlyOnce_OneTotpCodeSubmittedAtBothInstancesAtOnce_SignsInOnce()
    {
        var user = await cluster.A.CreateAsync();
        var (enrolling, _) = cluster.Browser();
        using (enrolling)
        {
            Assert.Equal("/", (await enrolling.SignInAsync(IdentityFactory.Company, user)).Path);
        }
        var (first, _) = cluster.Browser();
        var (_, second) = cluster.Browser();
        using var x = first;
        using var y = second;
        var codePages = await Task.WhenAll(first.EnterPasswordAsync(IdentityFactory.Company, user),
            second.EnterPasswordAsync(IdentityFactory.Company, user));
        Assert.All(codePages, page => Assert.Equal(KaseyaOneForms.CodePath, page.Path));

        var code = cluster.A.Authenticator.NextCodeFor(IdentityFactory.Company, user);
        var results = await Task.WhenAll(first.SubmitCodeAsync(codePages[0], code), second.SubmitCodeAsync(codePages[1], code));

        Assert.Single(results, page => page.Path == "/");
        Assert.Single(results, page => page.Path == KaseyaOneForms.CodePath);
    }

    [PostgresFact]
    public async Task ExactlyOnce_ADueLogoutDeliverySweptByBothInstancesAtOnce_IsSentOnce()
    {
        var user = await cluster.A.CreateAsync();
        var (atA, _) = cluster.Browser();
        using var a = atA;
        var rp = new RelyingParty(atA.Http);
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(await atA.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl())));
        var sid = new JsonWebToken(tokens.GetProperty("id_token").GetString()).GetClaim("sid").Value;
        cluster.A.BackChannel.Answer = HttpStatusCode.ServiceUnavailable;
        await atA.SubmitAsync(await atA.OpenAsync("/Sessions/SignOut"), new Dictionary<string, string>());
        Assert.Equal(LogoutDeliveryState.Retrying, await StateAsync(sid));

        cluster.A.BackChannel.Answer = HttpStatusCode.OK;
        var sentBefore = cluster.A.BackChannel.Count + cluster.B.BackChannel.Count;
        cluster.A.Clock.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(cluster.A.Housekeeping.RunOnceAsync(CancellationToken.None), cluster.B.Housekeeping.RunOnceAsync(CancellationToken.None));

        Assert.Equal(1, cluster.A.BackChannel.Count + cluster.B.BackChannel.Count - sentBefore);
        Assert.Equal(LogoutDeliveryState.Delivered, await StateAsync(sid));
    }

    private Task<LogoutDeliveryState> StateAsync(string sid) => cluster.B.WithDbAsync(db => db.LogoutDeliveries
        .Where(d => d.SessionId == sid && d.ClientId == IdentityFactory.ClientId).Select(d => d.State).SingleAsync());

    [PostgresFact]
    public async Task Rule13_WrongPasswordsAtBothInstancesAtOnce_AddUpToTheLockout()
    {
        var user = await cluster.A.CreateAsync();
        var browsers = Enumerable.Range(0, 5).Select(_ => cluster.Browser()).ToList();
        // Five wrong passwords at once, spread over both instances: each is counted.
        await Task.WhenAll(browsers.Select((pair, i) =>
            (i % 2 == 0 ? pair.AtA : pair.AtB).EnterPasswordAsync(IdentityFactory.Company, user, "Wrong!Pass2026")));

        var lockoutEnd = await cluster.B.WithDbAsync(db => db.Accounts.Where(u => u.UserName == user).Select(u => u.LockoutEnd).SingleAsync());
        Assert.NotNull(lockoutEnd);
        var (atA, _) = cluster.Browser();
        using var fresh = atA;
        Assert.Equal(KaseyaOneForms.LoginPath, (await atA.EnterPasswordAsync(IdentityFactory.Company, user)).Path);
        foreach (var (p, q) in browsers)
        {
            p.Dispose();
            q.Dispose();
        }
    }
}
