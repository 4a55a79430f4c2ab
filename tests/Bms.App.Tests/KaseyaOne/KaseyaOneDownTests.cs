using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// KaseyaOne down from the start: BMS has never read its discovery document, so not even the redirect to KaseyaOne
/// can be built, nor a logout token checked. The journeys that start there say so on their own page and change nothing,
/// and a logout token gets an answer KaseyaOne can act on; never a 500.
/// </summary>
public sealed class KaseyaOneDownTests
{
    private static readonly string Unreachable = KaseyaOneMessages.Text(KaseyaOneRefusal.Unreachable);

    /// <summary>BMS, whose every call to KaseyaOne meets a closed port, with Acme IT's integration on (enabled while KaseyaOne was up).</summary>
    /// <param name="kaseyaOne">Where BMS's calls to KaseyaOne go, to count them; a closed port of its own by default.</param>
    /// <param name="logs">Receives what BMS logs.</param>
    private static async Task<BmsHost> StartAsync(RefusedConnections? kaseyaOne = null, FakeLoggerProvider? logs = null)
    {
        var bms = new BmsHost(Directory.CreateTempSubdirectory("bms-k1-down-").FullName, new Uri("http://k1.test"), new Uri("http://bms.test"),
            new Authenticator())
        {
            BackChannel = () => kaseyaOne ?? new RefusedConnections(),
            Logs = logs,
        };
        await bms.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<BmsDbContext>();
            var acme = await db.Tenants.SingleAsync(t => t.NormalizedName == BmsTenant.Normalize(BmsFactory.Acme));
            db.Set<TenantLink>().Add(new TenantLink { BmsTenantId = acme.Id, K1TenantId = "k1-acme", K1TenantName = "Acme MSP" });
            return await db.SaveChangesAsync();
        });
        return bms;
    }

    [Fact]
    public async Task Journey_LogInWithKaseyaOne_KaseyaOneDown_TheLoginPageSaysSo()
    {
        await using var bms = await StartAsync();
        var page = await bms.NewBrowser().OpenAsync(KaseyaOneLoginLink.Href(BmsFactory.Acme));

        Assert.Equal((System.Net.HttpStatusCode.OK, "/Accounts/Login"), (page.Status, page.Path));
        Assert.Equal(Unreachable, page.TestId("login-message"));
    }

    [Fact]
    public async Task Rule5_DisablingWhileKaseyaOneIsDown_SaysSo_AndTheIntegrationStaysOn()
    {
        await using var bms = await StartAsync();
        var browser = bms.NewBrowser();
        await browser.LogInToBmsAsync(BmsFactory.Acme, "alice");
        var page = await browser.OpenAsync(IntegrationModel.PagePath);

        var back = await browser.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = "false" });

        Assert.Equal((System.Net.HttpStatusCode.OK, IntegrationModel.PagePath), (back.Status, back.Path));
        Assert.Equal(Unreachable, back.TestId("kaseyaone-error"));
        Assert.Equal("Enabled", back.TestId("kaseyaone-state"));
        Assert.Equal(1, await bms.InScopeAsync(services => services.GetRequiredService<BmsDbContext>().Set<TenantLink>().CountAsync()));
    }

    /// <summary>
    /// SPEC rule 13 and Back-Channel Logout 1.0 §2.8: a logout_token that is not even a JWT is the protocol's 400
    /// invalid_request, as when KaseyaOne is up: its shape is checked before BMS asks KaseyaOne for the keys that
    /// would check its signature, so KaseyaOne being down changes nothing to that answer.
    /// </summary>
    [Theory]
    [InlineData("a.b.c")]
    [InlineData("not-a-jwt")]
    [InlineData("e30.e30")]
    public async Task Rule13_ALogoutTokenThatIsNoJwtIsAnInvalidRequestWhileKaseyaOneIsDown(string logoutToken)
    {
        var kaseyaOne = new RefusedConnections();
        await using var bms = await StartAsync(kaseyaOne);

        var (status, body) = await PostLogoutTokenAsync(bms, logoutToken);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.Equal(0, kaseyaOne.Calls);
    }

    /// <summary>
    /// Back-Channel Logout 1.0 §2.8: a logout token BMS cannot check, because KaseyaOne's keys cannot be had, is neither
    /// accepted nor refused for good: BMS answers 503 temporarily_unavailable and says why in its log, so that KaseyaOne's
    /// outbox sends it again (it retries a 5xx, and gives up on a 400); nothing is stored, not even its jti, so the retry
    /// is checked in full.
    /// </summary>
    [Fact]
    public async Task Rule9_ALogoutTokenBmsCannotCheckWhileKaseyaOneIsDownIsAnsweredUnavailableForKaseyaOneToRetry()
    {
        var logs = new FakeLoggerProvider();
        await using var bms = await StartAsync(logs: logs);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "http://k1.test/",
            Audience = "bms",
            TokenType = "logout+jwt",
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString())]),
            Claims = new Dictionary<string, object>
            {
                ["sid"] = "k1-session",
                ["jti"] = Guid.NewGuid().ToString("N"),
                ["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/backchannel-logout"] = new Dictionary<string, object>() },
            },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)), SecurityAlgorithms.EcdsaSha256),
        });

        var (status, body) = await PostLogoutTokenAsync(bms, token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("temporarily_unavailable", body.GetProperty("error").GetString());
        Assert.Contains(logs.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning
            && r.Category == typeof(BackChannelLogoutReceiver).FullName && r.Message.Contains("discovery document could not be read", StringComparison.Ordinal));
        Assert.Equal(0, await bms.InScopeAsync(services => services.GetRequiredService<BmsDbContext>().Set<SeenLogoutToken>().CountAsync()));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostLogoutTokenAsync(BmsHost bms, string logoutToken)
    {
        using var client = bms.CreateClient();
        using var response = await client.PostAsync("/kaseyaone/backchannel-logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = logoutToken }));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonSerializer.Deserialize<JsonElement>(text) : default);
    }

    /// <summary>Every call to KaseyaOne meets a closed port; <see cref="Calls"/> counts them.</summary>
    private sealed class RefusedConnections : HttpMessageHandler
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"Connection refused ({request.RequestUri!.Authority})");
        }
    }
}
