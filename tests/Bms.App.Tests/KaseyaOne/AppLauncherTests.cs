using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>SPEC rule 10 in BMS: after a KaseyaOne sign-in its app launcher lists what KaseyaOne's lists for the user.</summary>
[Collection(SuiteCollection.Name)]
public sealed class AppLauncherTests(SuiteHosts hosts)
{
    [Fact]
    public async Task Rule10_BmsLauncherListsKaseyaOnesEntriesForTheUser_TheBmsTenantsAndTheOtherModules()
    {
        await hosts.CreatePairAsync("Launcher", "lena");
        var admin = hosts.NewBrowser();
        await admin.LogInToBmsAsync("Launcher IT", "lena");
        var page = await admin.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);
        await admin.SignInAsync("Launcher MSP", "lena", startAt: await admin.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = "true" }));
        var browser = hosts.NewBrowser();
        var start = await browser.OpenAsync($"{SuiteHosts.Bms}/kaseyaone/login?company=Launcher%20IT");

        var dashboard = await browser.SignInAsync("Launcher MSP", "lena", startAt: start);

        Assert.Equal("/", dashboard.Path);
        var tenantId = await hosts.BmsDbAsync(db => Task.FromResult(db.Tenants.Single(t => t.Name == "Launcher IT").Id));
        Assert.Equal("BMS – Launcher IT", dashboard.TestId($"launch-{tenantId}"));
        Assert.Contains($"href=\"{SuiteHosts.K1}/Launcher/Launch?module=bms&amp;tenant={tenantId}\"", dashboard.Html, StringComparison.Ordinal);
        Assert.Equal("Datto RMM", dashboard.TestId("module-rmm"));
        Assert.False(dashboard.Has("launcher-fallback"));
        Assert.Matches("<div id=\"app-launcher-panel\"[^>]*role=\"menu\" aria-label=\"KaseyaOne apps\"", dashboard.Html);
    }

    private static ClaimsPrincipal KaseyaOneUser(string session) => new(new ClaimsIdentity(
        [new Claim(BmsClaims.SessionId, session), new Claim(KaseyaOneLauncher.AccessTokenClaim, "a-token")], BmsCookies.Session));

    private static (KaseyaOneLauncher Launcher, KaseyaOneLauncherCache Cache, Func<int> Calls) LauncherAnswering(
        Func<HttpRequestMessage, HttpResponseMessage> answer, Microsoft.Extensions.Time.Testing.FakeTimeProvider clock)
    {
        var calls = 0;
        var handler = new Answering(request => { calls++; return answer(request); });
        var oidc = new OpenIdConnectOptions { Backchannel = new HttpClient(handler) };
        var cache = new KaseyaOneLauncherCache(clock);
        var launcher = new KaseyaOneLauncher(new FixedMonitor(oidc),
            Options.Create(new KaseyaOneOptions { Authority = new Uri(SuiteHosts.K1 + "/"), ClientId = "bms", ClientSecret = "a-client-secret-of-at-least-32-chars-long" }),
            cache, NullLogger<KaseyaOneLauncher>.Instance);
        return (launcher, cache, () => calls);
    }

    [Fact]
    public async Task Rule10_WhenKaseyaOneCannotBeReached_TheLauncherFallsBack_AndAsksAgainOnlyAfterAWhile()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var (launcher, _, calls) = LauncherAnswering(_ => throw new HttpRequestException("connection refused"), clock);

        Assert.Null(await launcher.EntriesAsync(KaseyaOneUser("s1"), CancellationToken.None));
        Assert.Null(await launcher.EntriesAsync(KaseyaOneUser("s1"), CancellationToken.None));
        Assert.Equal(1, calls());
        clock.Advance(KaseyaOneLauncherCache.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Null(await launcher.EntriesAsync(KaseyaOneUser("s1"), CancellationToken.None));
        Assert.Equal(2, calls());
    }

    [Fact]
    public async Task Rule10_OnlyHttpLinksFromKaseyaOneReachThePage_AndTheTokenIsSentAsBearer()
    {
        string? authorization = null;
        var (launcher, _, _) = LauncherAnswering(request =>
        {
            authorization = request.Headers.Authorization?.ToString();
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""
                    {"entries":[{"id":"launch-1","name":"BMS – One","url":"http://k1.test/Launcher/Launch?module=bms&tenant=1"},
                                {"id":"evil","name":"Evil","url":"javascript:alert(1)"},
                                {"id":"module-vsa","name":"VSA","url":null}]}
                    """, Encoding.UTF8, "application/json"),
            };
        }, new Microsoft.Extensions.Time.Testing.FakeTimeProvider());

        var entries = await launcher.EntriesAsync(KaseyaOneUser("s2"), CancellationToken.None);

        Assert.Equal(["launch-1", "module-vsa"], entries!.Select(e => e.Id));
        Assert.Equal("Bearer a-token", authorization);
    }

    private sealed class Answering(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }

    private sealed class FixedMonitor(OpenIdConnectOptions value) : IOptionsMonitor<OpenIdConnectOptions>
    {
        public OpenIdConnectOptions CurrentValue => value;
        public OpenIdConnectOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<OpenIdConnectOptions, string?> listener) => null;
    }
}
