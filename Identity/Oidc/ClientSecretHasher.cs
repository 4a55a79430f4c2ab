using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// Client secrets are checked with one salted SHA-256 instead of OpenIddict's default PBKDF2.
/// A slow hash protects low-entropy secrets chosen by people; client secrets here are machine-made
/// and at least 32 characters (≈190 bits), so no brute force can reach them however fast the hash,
/// and a leaked database still does not reveal them. PBKDF2 would cost ~2 ms of CPU per token request
/// and buy nothing. Hashes in OpenIddict's format (written before) are still accepted.
/// </summary>
public sealed class ClientSecretHasher<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store)
    where TApplication : class
{
    private const string Prefix = "sha256:";

    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new(Prefix + Convert.ToBase64String(salt) + ":" + Convert.ToBase64String(Hash(salt, secret)));
    }

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
    {
        if (!comparand.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return base.ValidateClientSecretAsync(secret, comparand, cancellationToken);
        }
        var parts = comparand[Prefix.Length..].Split(':');
        if (parts.Length != 2)
        {
            return new(false);
        }
        var expected = Convert.FromBase64String(parts[1]);
        return new(CryptographicOperations.FixedTimeEquals(expected, Hash(Convert.FromBase64String(parts[0]), secret)));
    }

    private static byte[] Hash(byte[] salt, string secret) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));
}
