using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using SsoSuite.Identity.Oidc;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>
/// Which key signs which token (<c>TokenSigning</c>): what relying parties and resource
/// servers verify is signed ES256 with a key the JWKS publishes; codes and refresh tokens, which only KaseyaOne ever
/// reads, with a secret HMAC key that nothing publishes.
/// </summary>
public sealed class SigningKeyTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private static async Task<JsonWebKeySet> JwksAsync(SignedInClient signedIn) =>
        new(await signedIn.Browser.Http.GetStringAsync("/.well-known/jwks"));

    private OpenIddictServerOptions Server => factory.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;

    /// <summary>A fresh account signed in through the test client, its code redeemed: the client and the token answer.</summary>
    private async Task<(SignedInClient SignedIn, JsonElement Tokens)> RedeemedAsync()
    {
        var signedIn = await factory.SignedInClientAsync();
        var (response, tokens) = await signedIn.Rp.RedeemAsync(signedIn.Code);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (signedIn, tokens);
    }

    [Fact]
    public async Task Rule13_AccessAndIdentityTokensAreSignedES256WithAPublishedKey()
    {
        var (signedIn, tokens) = await RedeemedAsync();
        using var signedInClient = signedIn;
        var jwks = await JwksAsync(signedIn);

        foreach (var name in new[] { "access_token", "id_token" })
        {
            var token = new JsonWebToken(tokens.GetProperty(name).GetString());
            Assert.Equal(SecurityAlgorithms.EcdsaSha256, token.Alg);
            Assert.Contains(jwks.Keys, key => key.Kid == token.Kid && key.Kty == JsonWebAlgorithmsKeyTypes.EllipticCurve);
        }
        await signedIn.Rp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!);
    }

    [Fact]
    public async Task Rule13_CodesAndRefreshTokensAreSignedWithAnUnpublishedSecret_AndKaseyaOneStillTakesThem()
    {
        var (signedIn, tokens) = await RedeemedAsync();
        using var signedInClient = signedIn;
        var server = Server;
        var jwks = await JwksAsync(signedIn);
        // The client holds a reference to its code (the code itself is the row's payload) and the refresh token itself.
        var subject = await signedIn.SubjectAsync();
        var code = await factory.WithDbAsync(db => db.Set<OpenIddictEntityFrameworkCoreToken>()
            .Where(t => t.Subject == subject && t.Type == OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode)
            .Select(t => t.Payload).SingleAsync());
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        foreach (var token in new[] { code, refreshToken })
        {
            var encrypted = new JsonWebToken(token);
            Assert.Equal(SecurityAlgorithms.Aes256KW, encrypted.Alg);
            var signed = new JsonWebToken(new JsonWebTokenHandler().DecryptToken(encrypted, server.TokenValidationParameters));
            Assert.Equal(SecurityAlgorithms.HmacSha256, signed.Alg);
            Assert.DoesNotContain(jwks.Keys, key => key.Kid == signed.Kid);
        }
        var (refreshed, _) = await signedIn.Rp.RefreshAsync(refreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Fact]
    public async Task Rule13_ARefreshTokenSignedES256BeforeTheHmacKeyStillRefreshes()
    {
        var (signedIn, tokens) = await RedeemedAsync();
        using var signedInClient = signedIn;
        var server = Server;
        var handler = new JsonWebTokenHandler();
        var encrypted = new JsonWebToken(tokens.GetProperty("refresh_token").GetString());
        var signed = new JsonWebToken(handler.DecryptToken(encrypted, server.TokenValidationParameters));

        // The same refresh token as the code before the HMAC key made it: its header and payload signed ES256 with
        // the published key, then encrypted as before.
        var es256 = ProviderKeys.Published(server);
        var header = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["alg"] = SecurityAlgorithms.EcdsaSha256, ["kid"] = es256.Kid, ["typ"] = signed.Typ,
        }));
        var content = header + "." + signed.EncodedPayload;
        string SignedWith(ECDsa key) => handler.EncryptToken(
            content + "." + Base64UrlEncoder.Encode(key.SignData(Encoding.ASCII.GetBytes(content), HashAlgorithmName.SHA256)),
            server.EncryptionCredentials[0], new Dictionary<string, object> { ["typ"] = encrypted.Typ });
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var (forged, _) = await signedIn.Rp.RefreshAsync(SignedWith(stranger));
        var (refreshed, _) = await signedIn.Rp.RefreshAsync(SignedWith(((ECDsaSecurityKey)es256.Key).ECDsa));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Fact]
    public async Task Jwks_AndDiscovery_NeverShowTheSecretKey()
    {
        using var client = factory.CreateClient();
        var keys = new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks")).Keys;
        var discovery = JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.All(keys, key => Assert.Contains(key.Kty, new[] { JsonWebAlgorithmsKeyTypes.EllipticCurve, JsonWebAlgorithmsKeyTypes.RSA }));
        Assert.All(keys, key => Assert.Null(key.K));
        Assert.DoesNotContain(discovery.GetProperty("id_token_signing_alg_values_supported").EnumerateArray(),
            alg => alg.GetString()!.StartsWith("HS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keys_AStoreWithoutTheHmacKeyGetsItAtTheNextStart_AndItsPublishedKeysStay()
    {
        using var client = factory.CreateClient();
        var published = await client.GetStringAsync("/.well-known/jwks");
        // A store from before the HMAC key: its three other keys only.
        await factory.WithDbAsync(db => db.Set<ProviderKey>().Where(k => k.Name == "signing-hmac-sha256").ExecuteDeleteAsync());

        using var upgraded = IdentityFactory.On(factory.DataFolder);
        using var signedIn = await upgraded.SignedInClientAsync();
        var (redeemed, tokens) = await signedIn.Rp.RedeemAsync(signedIn.Code);
        var (refreshed, _) = await signedIn.Rp.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(published, await signedIn.Browser.Http.GetStringAsync("/.well-known/jwks"));
        Assert.Equal(1, await upgraded.WithDbAsync(db => db.Set<ProviderKey>().CountAsync(k => k.Name == "signing-hmac-sha256")));
    }
}
