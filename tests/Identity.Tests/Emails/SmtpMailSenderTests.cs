using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using SsoSuite.Identity.Emails;

namespace SsoSuite.Identity.Tests.Emails;

/// <summary>Mail by SMTP (outside Development): a message reaches the server whole; a server that cannot be reached is a "not sent", never a 500.</summary>
public sealed class SmtpMailSenderTests
{
    private static SmtpMailSender Sender(int port) => new(Options.Create(new MailOptions
    {
        Host = "127.0.0.1", Port = port, Security = MailSecurity.None,
    }), NullLogger<SmtpMailSender>.Instance);

    private static MimeMessage Message()
    {
        var message = new MimeMessage { Subject = "Your KaseyaOne verification code" };
        message.From.Add(MailboxAddress.Parse("no-reply@kaseyaone.test"));
        message.To.Add(MailboxAddress.Parse("pat@acme.example"));
        message.Body = new TextPart("plain") { Text = "Your KaseyaOne verification code is 123456" };
        return message;
    }

    [Fact]
    public async Task Rule16_AMessageReachesTheSmtpServerWithItsRecipientAndCode()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = ServeOneMessageAsync(listener);

        var sent = await Sender(((IPEndPoint)listener.LocalEndpoint).Port).SendAsync(Message(), CancellationToken.None);
        var (recipient, data) = await server;

        Assert.True(sent);
        Assert.Equal("<pat@acme.example>", recipient);
        Assert.Contains("Your KaseyaOne verification code is 123456", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule16_AnUnreachableSmtpServerIsNotSent_NotAnError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        Assert.False(await Sender(closedPort).SendAsync(Message(), CancellationToken.None));
    }

    /// <summary>The server side of RFC 5321 for one message: greeting, EHLO, MAIL, RCPT, DATA, QUIT.</summary>
    private static async Task<(string Recipient, string Data)> ServeOneMessageAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 test SMTP");
        string recipient = "", data = "";
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', ':')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250 test");
                    break;
                case "RCPT":
                    recipient = line[(line.IndexOf(':') + 1)..].Trim();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 go on");
                    var body = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                    {
                        body.AppendLine(dataLine);
                    }
                    data = body.ToString();
                    await writer.WriteLineAsync("250 queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return (recipient, data);
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
        return (recipient, data);
    }
}
