using QRCoder;

namespace SsoSuite.Shared.Mfa;

/// <summary>
/// The enrolment picture: an <c>otpauth://totp/…</c> URI (Google Authenticator's key URI format,
/// understood by every authenticator app) rendered as a QR code with QRCoder.
/// </summary>
public static class AuthenticatorQr
{
    public static string KeyUri(string issuer, string accountLabel, byte[] secret)
    {
        var label = Uri.EscapeDataString(issuer) + ":" + Uri.EscapeDataString(accountLabel);
        return $"otpauth://totp/{label}?secret={TotpCodes.ToBase32(secret)}&issuer={Uri.EscapeDataString(issuer)}" +
               $"&algorithm=SHA1&digits={TotpCodes.Digits}&period={TotpCodes.StepSeconds}";
    }

    /// <summary>A PNG data URI, ready for an &lt;img src&gt;: no file, no extra request.</summary>
    public static string PngDataUri(string keyUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(keyUri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(pixelsPerModule: 5);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
