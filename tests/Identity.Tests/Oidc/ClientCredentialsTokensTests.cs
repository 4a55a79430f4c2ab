using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using SsoSuite.Identity.Oidc;
using SsoSuite.Identity.Tests.Support;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>
/// A client's own token (RFC 6749 §4.4) is answered ahead of OpenIddict (<see cref="ClientCredentialsTokens"/>) only when
/// OpenIddict would grant it, with the token OpenIddict would issue; every other token request still reaches OpenIddict,
/// which a handler added to its token-request validation counts here.
/// </summary>
public sealed class ClientCredentialsTokensTests
    : IClassFixture<ClientCredentialsTokensTests.CountedIdentity>, IClassFixture<ClientCredentialsTokensTests.CountedIdentityWithIssuer>
{
    private const string CodeOnlyClient = "code-only-rp";
    private const string CodeOnlySecret = "code-only-rp-secret-0123456789abcdef012345";
    private const string ProfileOnlyClient = "profile-only-rp";
    private const string ProfileOnlySecret = "profile-only-rp-secret-0123456789abcdef0123";
    private const string ConfiguredIssuer = "https://k1.example/";
    private readonly CountedIdentity factory;
    private readonly CountedIdentityWithIssuer withIssuer;

    public ClientCredentialsTokensTests(CountedIdentity factory, CountedIdentityWithIssuer withIssuer)
    {
        this.factory = factory;
        this.withIssuer = withIssuer;
        factory.Validated.Clear();
        withIssuer.Validated.Clear();
    }

    /// <summary>
    /// The app with a client that may not use client credentials, one that may but only for the profile scope, and a count
    /// of OpenIddict's token requests.
    /// </summary>
    public class CountedIdentity : IdentityFactory
    {
        public CountedIdentity() : this(null)
        {
        }

        protected CountedIdentity(IDictionary<string, string?>? extra) : base(null, new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>())
        {
            ["Oidc:Clients:2:ClientId"] = CodeOnlyClient,
            ["Oidc:Clients:2:DisplayName"] = "Code flow only",
            ["Oidc:Clients:2:ClientSecret"] = CodeOnlySecret,
            ["Oidc:Clients:2:RedirectUris:0"] = "https://code-only.example/callback",
            ["Oidc:Clients:3:ClientId"] = ProfileOnlyClient,
            ["Oidc:Clients:3:DisplayName"] = "Client credentials, profile only",
            ["Oidc:Clients:3:ClientSecret"] = ProfileOnlySecret,
            ["Oidc:Clients:3:AllowClientCredentials"] = "true",
            ["Oidc:Clients:3:Scopes:0"] = "profile",
        })
        {
        }

        public ConcurrentQueue<string> Validated { get; } = new();

        protected override void ConfigureServices(IServiceCollection services)
        {
            base.ConfigureServices(services);
            services.AddSingleton(this);
            services.AddOpenIddict().AddServer(server => server.AddEventHandler(Seen.Descriptor));
        }
    }

    /// <summary>The same with a configured https issuer, as a production deployment has.</summary>
    public sealed class CountedIdentityWithIssuer() : CountedIdentity(new Dictionary<string, string?> { ["Oidc:Issuer"] = ConfiguredIssuer })
    {
    }

    public sealed class Seen(CountedIdentity factory) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
                .UseSingletonHandler<Seen>().SetOrder(int.MinValue + 1).SetType(OpenIddictServerHandlerType.Custom).Build();

        public ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            factory.Validated.Enqueue(context.Request.GrantType ?? "");
            return default;
        }
    }

    private Task<(HttpResponseMessage Response, JsonElement Body)> TokenAsync(
        string form, string? basic = IdentityFactory.ClientId + ":" + IdentityFactory.ClientSecret) =>
        TokenAsync(factory.CreateClient(), Form(form), basic);

    private static StringContent Form(string body) => new(body, Encoding.UTF8, "application/x-www-form-urlencoded");

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> TokenAsync(
        HttpClient client, HttpContent content, string? basic = IdentityFactory.ClientId + ":" + IdentityFactory.ClientSecret,
        string? host = null)
    {
        using var owned = client;
        using var request = new HttpRequestMessage(HttpMethod.Post, OidcEndpoints.TokenPath) { Content = content };
        if (basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }
        request.Headers.Host = host;
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private static (JsonElement Header, JsonElement Payload) Decoded(JsonElement answer)
    {
        var parts = answer.GetProperty("access_token").GetString()!.Split('.');
        Assert.Equal(3, parts.Length);
        return (JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[0])).RootElement.Clone(),
            JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[1])).RootElement.Clone());
    }

    private static string[] Names(JsonElement json) => [.. json.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task ClientCredentials_TheAnswerAheadOfOpenIddictCarriesTheTokenOpenIddictIssues()
    {
        using var issued = factory.Counter("kaseyaone.oidc", "kaseyaone.tokens.issued");
        var (lean, leanBody) = await TokenAsync("grant_type=client_credentials&scope=k1_tenant_links%20k1_launcher");
        Assert.Empty(factory.Validated);
        // The same request with the credentials in the body (RFC 6749 §2.3.1) is OpenIddict's.
        var (stock, stockBody) = await TokenAsync("grant_type=client_credentials&scope=k1_tenant_links%20k1_launcher"
            + $"&client_id={IdentityFactory.ClientId}&client_secret={IdentityFactory.ClientSecret}", basic: null);
        Assert.Equal(["client_credentials"], factory.Validated);

        Assert.Equal(HttpStatusCode.OK, lean.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stock.StatusCode);
        Assert.Equal(Names(stockBody), Names(leanBody));
        Assert.Equal(stockBody.GetProperty("token_type").GetString(), leanBody.GetProperty("token_type").GetString());
        // OpenIddict counts expires_in from the real clock's now, which has moved on from the test's standing clock.
        Assert.Equal(600, leanBody.GetProperty("expires_in").GetInt64());
        Assert.InRange(stockBody.GetProperty("expires_in").GetInt64(), 590, 600);
        Assert.Equal(stock.Content.Headers.ContentType, lean.Content.Headers.ContentType);
        foreach (var header in new[] { "Cache-Control", "Pragma", "X-Content-Type-Options", "Content-Security-Policy" })
        {
            Assert.Equal(stock.Headers.Concat(stock.Content.Headers).Single(h => h.Key == header).Value,
                lean.Headers.Concat(lean.Content.Headers).Single(h => h.Key == header).Value);
        }

        // The clock stands still: every claim but the token's own id is the same, in the same order.
        var (leanHeader, leanPayload) = Decoded(leanBody);
        var (stockHeader, stockPayload) = Decoded(stockBody);
        Assert.Equal(stockHeader.ToString(), leanHeader.ToString());
        Assert.Equal(Names(stockPayload), Names(leanPayload));
        foreach (var claim in Names(stockPayload).Where(name => name != "jti"))
        {
            Assert.Equal(stockPayload.GetProperty(claim).ToString(), leanPayload.GetProperty(claim).ToString());
        }
        Assert.NotEqual(stockPayload.GetProperty("jti").GetString(), leanPayload.GetProperty("jti").GetString());
        Assert.Equal(["access_token", "access_token"], issued.GetMeasurementSnapshot().Select(m => m.Tags["type"]));
    }

    [Fact]
    public async Task ClientCredentials_ATokenAnsweredAheadOfOpenIddictOpensTheApiItsScopeNames()
    {
        var (answer, body) = await TokenAsync("grant_type=client_credentials&scope=k1_tenant_links");
        var token = body.GetProperty("access_token").GetString()!;
        using var api = factory.CreateClient();
        var unlink = $"/api/v1/tenant-links/{Guid.NewGuid():N}";

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Empty(factory.Validated);
        // The API checks the token with OpenIddict's validation and the JWKS's key, like any other.
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.DeleteAsync(unlink)).StatusCode);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync(unlink)).StatusCode);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.DeleteAsync(unlink)).StatusCode);
    }

    [Fact]
    public async Task Observability_ATokenAnsweredAheadOfOpenIddictIsCountedUnderTheTokenEndpointsRoute()
    {
        using var durations = new MetricCollector<double>(factory.Services.GetRequiredService<IMeterFactory>(),
            "Microsoft.AspNetCore.Hosting", "http.server.request.duration");

        // Over https, which no other request of these tests uses: an earlier test's request may still be recorded.
        var (answer, _) = await TokenAsync(factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") }),
            Form("grant_type=client_credentials"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Empty(factory.Validated);
        // The duration is recorded once the answer is complete on the server, which can be just after the client has it.
        static bool OverHttps(CollectedMeasurement<double> m) => (string?)m.Tags["url.scheme"] == "https";
        while (!durations.GetMeasurementSnapshot().Any(OverHttps))
        {
            await durations.WaitForMeasurementsAsync(durations.GetMeasurementSnapshot().Count + 1, TimeSpan.FromSeconds(10));
        }
        var measured = Assert.Single(durations.GetMeasurementSnapshot(), OverHttps);
        Assert.Equal(OidcEndpoints.TokenPath, measured.Tags["http.route"]);
    }

    public static TheoryData<string, string, string?, HttpStatusCode, string, bool> LeftToOpenIddict() => new()
    {
        // Refusals: OpenIddict's own error, as before. RFC 6749 §5.2: 401 for a client that authenticated with Basic.
        { "wrong secret", "grant_type=client_credentials", $"{IdentityFactory.ClientId}:not-the-secret", HttpStatusCode.Unauthorized, "invalid_client", true },
        { "unknown client", "grant_type=client_credentials", "nobody:whatever-whatever-whatever-whatever", HttpStatusCode.Unauthorized, "invalid_client", true },
        { "secret not in ASCII", "grant_type=client_credentials", $"{IdentityFactory.ClientId}:{IdentityFactory.ClientSecret}é", HttpStatusCode.Unauthorized, "invalid_client", true },
        { "client without the grant", "grant_type=client_credentials", $"{CodeOnlyClient}:{CodeOnlySecret}", HttpStatusCode.BadRequest, "unauthorized_client", true },
        { "scope the client may not ask for", "grant_type=client_credentials&scope=k1_launcher", $"{ProfileOnlyClient}:{ProfileOnlySecret}", HttpStatusCode.BadRequest, "invalid_request", true },
        { "scope not registered", "grant_type=client_credentials&scope=everything", null, HttpStatusCode.BadRequest, "invalid_scope", true },
        { "two grant types", "grant_type=client_credentials&grant_type=client_credentials", null, HttpStatusCode.BadRequest, "invalid_request", true },
        { "credentials in the header and the body", $"grant_type=client_credentials&client_secret={IdentityFactory.ClientSecret}", null, HttpStatusCode.BadRequest, "invalid_request", false },
        // Granted, but with more than one token or a parameter this answer does not know: OpenIddict's.
        { "scope twice", "grant_type=client_credentials&scope=k1_launcher%20k1_launcher", null, HttpStatusCode.OK, "access_token", true },
        { "openid", "grant_type=client_credentials&scope=openid", null, HttpStatusCode.OK, "id_token", true },
        { "offline_access", "grant_type=client_credentials&scope=offline_access", null, HttpStatusCode.OK, "refresh_token", true },
        { "another parameter", "grant_type=client_credentials&x_extra=1", null, HttpStatusCode.OK, "access_token", true },
        // RFC 6749 §2.3.1: the id and secret are form-encoded inside the Basic header ('-' as %2D here).
        { "encoded credentials", "grant_type=client_credentials", $"{IdentityFactory.ClientId.Replace("-", "%2D")}:{IdentityFactory.ClientSecret}", HttpStatusCode.OK, "access_token", true },
    };

    [Theory]
    [MemberData(nameof(LeftToOpenIddict))]
    public async Task Rule13_ATokenRequestTheAnswerAheadOfOpenIddictDoesNotGrantGetsOpenIddictsAnswer(
        string why, string form, string? basic, HttpStatusCode status, string property, bool validated)
    {
        var (response, body) = basic is null ? await TokenAsync(form) : await TokenAsync(form, basic);

        Assert.True(status == response.StatusCode, $"{why}: {(int)response.StatusCode} {body}");
        if (status == HttpStatusCode.OK)
        {
            Assert.True(body.TryGetProperty(property, out _), $"{why}: {body}");
        }
        else
        {
            Assert.Equal(property, body.GetProperty("error").GetString());
        }
        // OpenIddict reached its token-request validation, unless it refused the request while extracting it.
        Assert.True(factory.Validated.Count == (validated ? 1 : 0), $"{why}: {factory.Validated.Count}");
    }

    [Fact]
    public async Task Rule13_AMultipartTokenRequestIsOpenIddictsToRefuse()
    {
        var content = new MultipartFormDataContent { { new StringContent("client_credentials"), "grant_type" } };

        var (response, body) = await TokenAsync(factory.CreateClient(), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ClientCredentials_TheIssuerInferredFromAHostInCapitalsIsTheOneDiscoveryStates()
    {
        var (answer, body) = await TokenAsync(factory.CreateClient(),
            Form("grant_type=client_credentials"), host: "LOCALHOST");
        using var discovery = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        discovery.Headers.Host = "LOCALHOST";
        using var client = factory.CreateClient();
        var document = JsonDocument.Parse(await (await client.SendAsync(discovery)).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Empty(factory.Validated);
        Assert.Equal(document.GetProperty("issuer").GetString(), Decoded(body).Payload.GetProperty("iss").GetString());
    }

    [Fact]
    public async Task ClientCredentials_WithAConfiguredHttpsIssuer_TheTokenStatesIt_AndPlainHttpIsOpenIddictsToRefuse()
    {
        var https = new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") };

        var (lean, leanBody) = await TokenAsync(withIssuer.CreateClient(https), Form("grant_type=client_credentials"));
        Assert.Empty(withIssuer.Validated);
        var (stock, stockBody) = await TokenAsync(withIssuer.CreateClient(https),
            Form($"grant_type=client_credentials&client_id={IdentityFactory.ClientId}&client_secret={IdentityFactory.ClientSecret}"), basic: null);
        var (plain, plainBody) = await TokenAsync(withIssuer.CreateClient(), Form("grant_type=client_credentials"));

        Assert.Equal(HttpStatusCode.OK, lean.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stock.StatusCode);
        Assert.Equal(ConfiguredIssuer, Decoded(leanBody).Payload.GetProperty("iss").GetString());
        Assert.Equal(Decoded(stockBody).Payload.GetProperty("iss").GetString(), Decoded(leanBody).Payload.GetProperty("iss").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Equal("invalid_request", plainBody.GetProperty("error").GetString());
        Assert.False(plainBody.TryGetProperty("access_token", out _));
    }
}
