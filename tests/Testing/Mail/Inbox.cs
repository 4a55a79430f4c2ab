using System.Text.RegularExpressions;
using MimeKit;

namespace SsoSuite.Testing.Mail;

/// <summary>
/// The mail KaseyaOne wrote to its mail folder (<c>mail</c> in its data folder: no SMTP host is set in tests), read as
/// a user reads their inbox: the messages to one address, newest last, and the verification code in the latest one.
/// </summary>
public sealed partial class Inbox(string dataFolder)
{
    public string Folder { get; } = Path.Combine(dataFolder, "mail");

    public IReadOnlyList<MimeMessage> To(string address) =>
        !Directory.Exists(Folder)
            ? []
            : Directory.GetFiles(Folder, "*.eml")
                .Select(file => new FileInfo(file))
                .OrderBy(file => file.LastWriteTimeUtc).ThenBy(file => file.Name, StringComparer.Ordinal)
                .Select(file => MimeMessage.Load(file.FullName))
                .Where(message => message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))
                .ToList();

    /// <summary>The 6-digit code of the latest verification mail to <paramref name="address"/>.</summary>
    public string LatestCodeTo(string address)
    {
        var mail = To(address).LastOrDefault(m => (m.Subject ?? "").Contains("verification code", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException("No verification mail to " + address + " in " + Folder);
        return CodeLine().Match(mail.TextBody ?? "").Groups[1].Value;
    }

    [GeneratedRegex(@"verification code is (\d{6})")]
    private static partial Regex CodeLine();
}
