using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// The provider's keys, generated once and kept (protected with Data Protection) so that tokens survive
/// restarts and several instances sharing the folder and key ring sign alike. ES256 (P-256) signs: it is
/// more than ten times cheaper per token than RSA; an RSA-2048 key is published too, because OpenID
/// Connect Discovery §3 requires RS256 support. Never OpenIddict's ephemeral development keys.
/// </summary>
public sealed class ProviderKeys(IDataProtectionProvider protection, DataFolder dataFolder, IOptions<OidcOptions> options)
    : IConfigureOptions<OpenIddictServerOptions>
{
    private readonly IDataProtector protector = protection.CreateProtector("SsoSuite.Identity.Oidc.Keys.v1");

    public void Configure(OpenIddictServerOptions server)
    {
        var folder = options.Value.KeysFolder is { Length: > 0 } configured
            ? Path.GetFullPath(configured, dataFolder.Path)
            : Path.Combine(dataFolder.Path, "oidc-keys");
        Directory.CreateDirectory(folder);

        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Load(folder, "signing-p256.key", () => ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKey()), out _);
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Load(folder, "signing-rsa2048.key", () => RSA.Create(2048).ExportPkcs8PrivateKey()), out _);
        var aes = Load(folder, "encryption-aes256.key", () => RandomNumberGenerator.GetBytes(32));

        server.SigningCredentials.Add(new SigningCredentials(new ECDsaSecurityKey(ecdsa), SecurityAlgorithms.EcdsaSha256));
        server.SigningCredentials.Add(new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256));
        // Codes and refresh tokens are encrypted for KaseyaOne alone: a symmetric key is the cheapest safe choice.
        server.EncryptionCredentials.Add(new EncryptingCredentials(
            new SymmetricSecurityKey(aes), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private byte[] Load(string folder, string name, Func<byte[]> create)
    {
        var path = Path.Combine(folder, name);
        if (File.Exists(path))
        {
            return protector.Unprotect(File.ReadAllBytes(path));
        }
        var key = create();
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, protector.Protect(key));
        File.Move(temp, path, overwrite: false);
        return key;
    }
}
