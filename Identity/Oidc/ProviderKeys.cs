using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// The provider's keys, generated once and kept in the store (protected with Data Protection), so that tokens
/// survive restarts and every instance sharing the store signs and decrypts alike. They are created at start under
/// the start-up lock (<see cref="IStoreStartupStep"/>), so two instances starting together make one key set.
/// ES256 (P-256) signs: it is more than ten times cheaper per token than RSA. An RSA-2048 key is published too, and
/// signs the ID tokens of a client registered for RS256: OpenID Connect Discovery 1.0 §3 ("The algorithm RS256 MUST be
/// included" in id_token_signing_alg_values_supported) and Core §15.1 require every provider to offer RS256, and
/// OpenIddict advertises the algorithm of every published key, so the key is kept and made to do what is advertised
/// (<see cref="TokenSigning"/>). Codes and refresh tokens, which only KaseyaOne ever reads, are signed with a secret
/// HMAC-SHA256 key instead.
/// Never OpenIddict's ephemeral development keys.
/// </summary>
public sealed class ProviderKeys(IServiceScopeFactory scopes, IDataProtectionProvider protection)
    : IConfigureOptions<OpenIddictServerOptions>, IStoreStartupStep
{
    private const string SigningP256 = "signing-p256";
    private const string SigningRsa2048 = "signing-rsa2048";
    private const string EncryptionAes256 = "encryption-aes256";
    private const string SigningHmacSha256 = "signing-hmac-sha256";

    private static readonly Dictionary<string, Func<byte[]>> Generators = new(StringComparer.Ordinal)
    {
        [SigningP256] = () => ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKey(),
        [SigningRsa2048] = () => RSA.Create(2048).ExportPkcs8PrivateKey(),
        [EncryptionAes256] = () => RandomNumberGenerator.GetBytes(32),
        // 512 bits: HMAC-SHA256's block size, the longest key it uses as it is (RFC 2104 §3).
        [SigningHmacSha256] = () => RandomNumberGenerator.GetBytes(64),
    };

    private readonly IDataProtector protector = protection.CreateProtector("SsoSuite.Identity.Oidc.Keys.v1");

    /// <summary>Creates the missing keys (under the start-up lock, so once across instances).</summary>
    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<IdentityDbContext>();
        var existing = await db.Set<ProviderKey>().Select(k => k.Name).ToListAsync(cancellationToken);
        foreach (var (name, generate) in Generators.Where(g => !existing.Contains(g.Key)))
        {
            db.Add(new ProviderKey { Name = name, ProtectedKey = protector.Protect(generate()) });
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public void Configure(OpenIddictServerOptions server)
    {
        using var scope = scopes.CreateScope();
        var keys = scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Set<ProviderKey>().AsNoTracking()
            .ToDictionary(k => k.Name, k => k.ProtectedKey, StringComparer.Ordinal);
        byte[] Key(string name) => keys.TryGetValue(name, out var key)
            ? protector.Unprotect(key)
            : throw new InvalidOperationException($"The provider key '{name}' is missing from the store: it is created at start.");

        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Key(SigningP256), out _);
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Key(SigningRsa2048), out _);

        server.SigningCredentials.Add(new SigningCredentials(new ECDsaSecurityKey(ecdsa), SecurityAlgorithms.EcdsaSha256));
        server.SigningCredentials.Add(new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256));
        server.SigningCredentials.Add(new SigningCredentials(new SymmetricSecurityKey(Key(SigningHmacSha256)), SecurityAlgorithms.HmacSha256));
        // Codes and refresh tokens are encrypted for KaseyaOne alone: a symmetric key is the cheapest safe choice.
        server.EncryptionCredentials.Add(new EncryptingCredentials(
            new SymmetricSecurityKey(Key(EncryptionAes256)), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    /// <summary>
    /// The credentials that sign what others verify with the published keys (access, identity and logout tokens):
    /// ES256, or RS256 for a client's ID and logout tokens when it registered RS256 (<see cref="ClientOptions.IdTokenSignedResponseAlg"/>).
    /// Chosen by algorithm, never by position: OpenIddict sorts the credentials (symmetric ones first) with a
    /// sort that does not keep the order of the others.
    /// </summary>
    public static SigningCredentials Published(OpenIddictServerOptions server, string algorithm = SecurityAlgorithms.EcdsaSha256) =>
        server.SigningCredentials.First(credentials => credentials.Algorithm == algorithm);
}
