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
/// ES256 (P-256) signs: it is more than ten times cheaper per token than RSA; an RSA-2048 key is published too,
/// because OpenID Connect Discovery §3 requires RS256 support. Codes and refresh tokens, which only KaseyaOne ever
/// reads, are signed with a secret HMAC-SHA256 key instead (<see cref="SignTokensForTheirReaders"/>).
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
    /// ES256. Chosen by algorithm, never by position: OpenIddict sorts the credentials (symmetric ones first) with a
    /// sort that does not keep the order of the others.
    /// </summary>
    public static SigningCredentials Published(OpenIddictServerOptions server) =>
        server.SigningCredentials.First(credentials => credentials.Algorithm == SecurityAlgorithms.EcdsaSha256);

    /// <summary>
    /// Chooses the key that signs each token OpenIddict makes, after OpenIddict's own choice
    /// (<c>AttachSecurityCredentials</c>). Authorization codes and refresh tokens come back only to KaseyaOne, and
    /// are encrypted for it alone (A256KW + A256CBC-HS512): they are signed with the secret HMAC-SHA256 key, which
    /// KaseyaOne verifies as it verifies the others (every signing key is a validation key) and never publishes
    /// (the JWKS lists asymmetric keys only). An ES256 signature costs a scalar multiplication to make and two to
    /// verify; an HMAC, two hashes. Every other token keeps a published key (<see cref="Published"/>), as relying
    /// parties and resource servers verify them with the JWKS (OpenID Connect Core §10.1).
    /// </summary>
    public static OpenIddictServerHandlerDescriptor SignTokensForTheirReaders { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.GenerateTokenContext>()
            .UseInlineHandler(context =>
            {
                context.SigningCredentials = context.TokenType
                    is OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode
                    or OpenIddictConstants.TokenTypeIdentifiers.RefreshToken
                    ? context.Options.SigningCredentials.First(credentials => credentials.Key is SymmetricSecurityKey)
                    : Published(context.Options);
                return default;
            })
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();
}
