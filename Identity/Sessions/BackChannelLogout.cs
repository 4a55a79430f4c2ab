using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace SsoSuite.Identity.Sessions;

/// <summary>One logout token to deliver: to which client, for which session.</summary>
public sealed record BackChannelLogout(Uri Endpoint, string ClientId, string Issuer, string Subject, string SessionId);

/// <summary>The queue between a logout (in a browser request) and its delivery (in the background).</summary>
public sealed class BackChannelLogoutQueue
{
    private readonly Channel<BackChannelLogout> channel =
        Channel.CreateBounded<BackChannelLogout>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(BackChannelLogout logout) => channel.Writer.TryWrite(logout);

    public ChannelReader<BackChannelLogout> Reader => channel.Reader;
}

/// <summary>
/// Delivers logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.4–2.5): a JWT of type logout+jwt with
/// iss, aud, iat, exp, jti, events and sid/sub, signed with the provider's key, POSTed as the form field
/// logout_token. Each delivery has a bounded timeout and a few retries with back-off; a client that stays
/// down is logged, not waited for.
/// </summary>
public sealed class BackChannelLogoutSender(
    BackChannelLogoutQueue queue,
    IHttpClientFactory httpClients,
    IOptionsMonitor<OpenIddictServerOptions> server,
    TimeProvider clock,
    ILogger<BackChannelLogoutSender> logger) : BackgroundService
{
    public const string HttpClientName = "back-channel-logout";
    private static readonly TimeSpan[] Retries = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var logout in queue.Reader.ReadAllAsync(stoppingToken))
        {
            // Deliveries run side by side: one slow client does not delay the others.
            _ = Task.Run(() => DeliverAsync(logout, stoppingToken), stoppingToken);
        }
    }

    public string CreateLogoutToken(BackChannelLogout logout)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var signing = server.CurrentValue.SigningCredentials[0];
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = logout.Issuer,
            Audience = logout.ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(2),
            TokenType = "logout+jwt",
            SigningCredentials = signing,
            Subject = new ClaimsIdentity([
                new Claim("sub", logout.Subject),
                new Claim("sid", logout.SessionId),
                new Claim("jti", Guid.NewGuid().ToString("N")),
            ]),
            Claims = new Dictionary<string, object>
            {
                ["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/backchannel-logout"] = new Dictionary<string, object>() },
            },
        });
    }

    private async Task DeliverAsync(BackChannelLogout logout, CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var http = httpClients.CreateClient(HttpClientName);
                using var response = await http.PostAsync(logout.Endpoint, new FormUrlEncodedContent(
                    new Dictionary<string, string> { ["logout_token"] = CreateLogoutToken(logout) }), stoppingToken);
                if (response.IsSuccessStatusCode)
                {
                    logger.LogInformation("Back-channel logout of session {SessionId} delivered to {ClientId}", logout.SessionId, logout.ClientId);
                    return;
                }
                logger.LogWarning("Back-channel logout to {ClientId} answered {Status}", logout.ClientId, (int)response.StatusCode);
                if ((int)response.StatusCode is >= 400 and < 500)
                {
                    return; // The client refused this token; sending it again changes nothing.
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Back-channel logout to {ClientId} failed: {Reason}", logout.ClientId, e.Message);
            }
            if (attempt >= Retries.Length)
            {
                logger.LogError("Back-channel logout of session {SessionId} to {ClientId} given up after {Attempts} attempts",
                    logout.SessionId, logout.ClientId, attempt + 1);
                return;
            }
            await Task.Delay(Retries[attempt], clock, stoppingToken);
        }
    }
}
