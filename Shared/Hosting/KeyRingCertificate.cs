using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// The certificate named by <c>DataProtection:Certificate</c> and <c>DataProtection:CertificatePassword</c>
/// (<see cref="HostingOptions.DataProtectionSettings"/>), read while the app is being built: a missing file, a wrong
/// password or a certificate without its private key stops the app with a message naming the setting, rather than
/// leaving keys that could be written but never read back.
/// </summary>
public static class KeyRingCertificate
{
    private const string Setting = "DataProtection:Certificate";

    public static X509Certificate2? From(HostingOptions.DataProtectionSettings? settings)
    {
        if (settings?.Certificate is not { Length: > 0 } path)
        {
            return null;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new StartFailureException($"{Setting} ('{path}') could not be read as a PKCS#12 certificate: {e.Message}", e);
        }
        using (var key = certificate.HasPrivateKey ? certificate.GetRSAPrivateKey() : null)
        {
            if (key is null)
            {
                certificate.Dispose();
                throw new StartFailureException(
                    $"{Setting} ('{path}') must hold an RSA certificate with its private key: the key ring is encrypted to it and read back with it.");
            }
        }
        return certificate;
    }
}
