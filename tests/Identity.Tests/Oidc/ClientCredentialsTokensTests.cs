using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
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
public sealed class ClientCredentialsTokensTests : IClassFixture<ClientCredentialsTokensTests.CountedIdentity>
{
    private const string CodeOnlyClient = "code-only-rp";
    private const string CodeOnlySecret = "code-only-rp-secret-0123456789abcdef012345";
    private readonly CountedIdentity factory;

    public ClientCredentialsTokensTests(CountedIdentity factory)
    {
        this.factory = factory;
        factory.Validated.Clear();
    }

    /// <summary>The app with a client that may not use client credentials, and a count of OpenIddict's token requests.</summary>
    public sealed class CountedIdentity() : IdentityFactory(null, new Dictionary<string, string?>
    {
        ["Oidc:Clients:2:ClientId"] = CodeOnlyClient,
        ["Oidc:Clients:2:DisplayName"] = "Code flow only",
        ["Oidc:Clients:2:ClientSecret"] = CodeOnlySecret,
        ["Oidc:Clients:2:RedirectUris:0"] = "https://code-only.example/callback",
    })
    {
        public ConcurrentQueue<string> Validated { get; } = new();

        protected override void ConfigureServices(IServiceCollection services)
        {
            base.ConfigureServices(services);
            services.AddSingleton(this);
            services.AddOpenIddict().AddServer(server => server.AddEventHandler(Seen.Descriptor));
        }
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

    private async Task<(HttpResponseMessage Response, JsonElement Body)> TokenAsync(
        string form, string? basic = IdentityFactory.ClientId + ":" + IdentityFactory.ClientSecret)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, OidcEndpoints.TokenPath)
        {
            Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }
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
        Assert.Equal(stockBody.GetProperty("expires_in").GetInt64(), leanBody.GetProperty("expires_in").GetInt64());
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

        var (answer, _) = await TokenAsync("grant_type=client_credentials");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Empty(factory.Validated);
        var measured = Assert.Single(durations.GetMeasurementSnapshot(), m => (string?)m.Tags["http.request.method"] == "POST");
        Assert.Equal(OidcEndpoints.TokenPath, measured.Tags["http.route"]);
    }

    public static TheoryData<string, string, string?, HttpStatusCode, string> LeftToOpenIddict() => new()
    {
        // Refusals: OpenIddict's own error, as before.
        // RFC 6749 §5.2: 401 for a client that authenticated with the Basic scheme.
        { "wrong secret", "grant_type=client_credentials", $"{IdentityFactory.ClientId}:not-the-secret", HttpStatusCode.Unauthorized, "invalid_client" },
        { "unknown client", "grant_type=client_credentials", "nobody:whatever-whatever-whatever-whatever", HttpStatusCode.Unauthorized, "invalid_client" },
        { "client without the grant", "grant_type=client_credentials", $"{CodeOnlyClient}:{CodeOnlySecret}", HttpStatusCode.BadRequest, "unauthorized_client" },
        { "scope not registered", "grant_type=client_credentials&scope=everything", null, HttpStatusCode.BadRequest, "invalid_scope" },
        { "scope twice", "grant_type=client_credentials&scope=k1_launcher%20k1_launcher", null, HttpStatusCode.OK, "access_token" },
        { "two grant types", "grant_type=client_credentials&grant_type=client_credentials", null, HttpStatusCode.BadRequest, "invalid_request" },
        // Granted, but with more than one token or a parameter this answer does not know: OpenIddict's.
        { "openid", "grant_type=client_credentials&scope=openid", null, HttpStatusCode.OK, "id_token" },
        { "offline_access", "grant_type=client_credentials&scope=offline_access", null, HttpStatusCode.OK, "refresh_token" },
        { "another parameter", "grant_type=client_credentials&x_extra=1", null, HttpStatusCode.OK, "access_token" },
        // RFC 6749 §2.3.1: the id and secret are form-encoded inside the Basic header ('-' as %2D here).
        { "encoded credentials", "grant_type=client_credentials", $"{IdentityFactory.ClientId.Replace("-", "%2D")}:{IdentityFactory.ClientSecret}", HttpStatusCode.OK, "access_token" },
    };

    [Theory]
    [MemberData(nameof(LeftToOpenIddict))]
    public async Task Rule13_ATokenRequestTheAnswerAheadOfOpenIddictDoesNotGrantGetsOpenIddictsAnswer(
        string why, string form, string? basic, HttpStatusCode status, string property)
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
        // Counted only when OpenIddict reached its token-request validation; a request it refused while extracting
        // it (two grant types) never gets there.
        Assert.True(why == "two grant types" || factory.Validated.Count == 1, why);
    }
}
