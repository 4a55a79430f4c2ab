using MimeKit;

namespace SsoSuite.Identity.Emails;

/// <summary>
/// <c>Mail:*</c>: how KaseyaOne sends mail. With a <see cref="Host"/> it speaks SMTP (MailKit); without one (the
/// embedded Development default) every message is written as an <c>.eml</c> file to <see cref="Folder"/>, so the
/// demo needs no mail server.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The SMTP server; empty: mail goes to <see cref="Folder"/>.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>How the connection is protected: STARTTLS (default, port 587), TLS from the start (465), or none.</summary>
    public MailSecurity Security { get; set; } = MailSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>The sender, as <c>Name &lt;address&gt;</c> or a bare address.</summary>
    public string From { get; set; } = "KaseyaOne <no-reply@kaseyaone.localhost>";
    /// <summary>Where mail is written without a <see cref="Host"/>; default: <c>mail</c> in the data folder.</summary>
    public string? Folder { get; set; }

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Every problem of these settings, in words; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (!MailboxAddress.TryParse(From, out _))
        {
            yield return "Mail:From must be a mail address such as \"KaseyaOne <no-reply@example.com>\".";
        }
        if (Folder is not null && (string.IsNullOrWhiteSpace(Folder) || Folder.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            yield return "Mail:Folder must be a folder path.";
        }
        if (!UsesSmtp)
        {
            yield break;
        }
        if (Uri.CheckHostName(Host) == UriHostNameType.Unknown)
        {
            yield return "Mail:Host must be a host name or an IP address.";
        }
        if (Port is < 1 or > 65535)
        {
            yield return "Mail:Port must be between 1 and 65535.";
        }
        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return "Mail:UserName and Mail:Password go together: set both or neither.";
        }
        // A mail server password never crosses the network in clear.
        if (!string.IsNullOrEmpty(UserName) && Security == MailSecurity.None)
        {
            yield return "Mail:Security None would send Mail:Password in clear: use StartTls or SslOnConnect.";
        }
    }
}

public enum MailSecurity
{
    StartTls,
    SslOnConnect,
    None,
}
