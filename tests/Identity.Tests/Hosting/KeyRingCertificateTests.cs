using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Hosting;

/// <summary>
/// <c>DataProtection:Certificate</c>: the key ring that protects cookies and secrets at rest is stored encrypted to a
/// certificate, so that a copy of the data folder (or of the database) alone opens nothing.
/// </summary>
public sealed class KeyRingCertificateTests : IDisposable
{
    private const string Password = "key-ring-certificate-password";
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("ssosuite-cert-");

    private string CertificateFile(bool withPrivateKey)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=SsoSuite key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder.FullName, withPrivateKey ? "key-ring.pfx" : "public-only.pfx");
        File.WriteAllBytes(path, withPrivateKey
            ? certificate.Export(X509ContentType.Pkcs12, Password)
            : X509CertificateLoader.LoadCertificate(certificate.RawData).Export(X509ContentType.Pkcs12, Password));
        return path;
    }

    [Fact]
    public async Task KeyRing_WithACertificate_IsStoredEncryptedToIt_AndSignInWorks()
    {
        using var factory = IdentityFactory.On(null, new Dictionary<string, string?>
        {
            ["DataProtection:Certificate"] = CertificateFile(withPrivateKey: true),
            ["DataProtection:CertificatePassword"] = Password,
        });

        using var signedIn = await factory.SignedInClientAsync();
        var (redeemed, _) = await signedIn.Rp.RedeemAsync(signedIn.Code);

        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        var keys = Directory.GetFiles(Path.Combine(factory.DataFolder, "keys"), "*.xml");
        Assert.NotEmpty(keys);
        Assert.All(keys, file =>
        {
            var xml = File.ReadAllText(file);
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("wrong password")]
    [InlineData("no private key")]
    public void KeyRing_ACertificateThatCannotBeUsed_StopsTheAppWithAMessageNamingTheSetting(string fault)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DataProtection:Certificate"] = fault switch
            {
                "missing" => Path.Combine(folder.FullName, "nowhere.pfx"),
                "no private key" => CertificateFile(withPrivateKey: false),
                _ => CertificateFile(withPrivateKey: true),
            },
            ["DataProtection:CertificatePassword"] = fault == "wrong password" ? "not-the-password" : Password,
        };
        using var factory = IdentityFactory.On(null, settings);

        var failure = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("DataProtection:Certificate", failure.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => folder.Delete(recursive: true);
}
