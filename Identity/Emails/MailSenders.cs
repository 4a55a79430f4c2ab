using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SsoSuite.Identity.Emails;

/// <summary>Sends one message; false when it could not be handed over (the page then says so and may be tried again).</summary>
public interface IMailSender
{
    Task<bool> SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>SMTP through MailKit, one connection per message (a verification code is rare; no pool to keep alive).</summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options, ILogger<SmtpMailSender> logger) : IMailSender
{
    public async Task<bool> SendAsync(MimeMessage message, CancellationToken ct)
    {
        var settings = options.Value;
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, settings.Security switch
            {
                MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                MailSecurity.None => SecureSocketOptions.None,
                // STARTTLS is required, not opportunistic: a server that does not offer it is refused.
                _ => SecureSocketOptions.StartTls,
            }, ct);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            }
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
            return true;
        }
        catch (Exception e) when (e is SocketException or IOException or ProtocolException or CommandException
                                      or AuthenticationException or SslHandshakeException)
        {
            logger.LogError(e, "Mail to {To} could not be sent through {Host}:{Port}", message.To, settings.Host, settings.Port);
            return false;
        }
    }
}

/// <summary>
/// Development and deployments without an SMTP host: each message becomes an <c>.eml</c> file (open it with any mail
/// program, or read it as text) in the mail folder, which <c>./run</c> prints.
/// </summary>
public sealed class MailFolder(string path, TimeProvider clock, ILogger<MailFolder> logger) : IMailSender
{
    public string Path { get; } = path;

    public async Task<bool> SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(Path);
        var file = System.IO.Path.Combine(Path,
            $"{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(file, ct);
        logger.LogInformation("Mail to {To} written to {File}", message.To, file);
        return true;
    }
}
