using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SsoSuite.Identity.Oidc;

namespace SsoSuite.Identity.Sessions;

/// <summary>What the signed-out page does: one hidden iframe per client, then (maybe) back to the client.</summary>
public sealed record LoggedOutTicket(IReadOnlyList<string> FrontChannelUris, string? ReturnTo);

/// <summary>
/// Ends a KaseyaOne session and tells every client it signed into: front-channel (an iframe per client,
/// OpenID Connect Front-Channel Logout 1.0 §2–3) through the signed-out page, and back-channel (a signed
/// logout token POSTed server to server, Back-Channel Logout 1.0 §2.5) through a background queue, so a
/// slow client never holds up the browser and a browser that blocks third-party cookies still logs out.
/// </summary>
public sealed class SessionLogout(
    SessionStore sessions,
    IOptions<OidcOptions> oidc,
    BackChannelLogoutQueue backChannel,
    IDataProtectionProvider protection,
    ILogger<SessionLogout> logger)
{
    private readonly ITimeLimitedDataProtector protector =
        protection.CreateProtector("SsoSuite.Identity.Sessions.LoggedOut.v1").ToTimeLimitedDataProtector();

    /// <summary>Ends the session and returns the signed-out page's URL (with its protected ticket).</summary>
    public async Task<string> EndAsync(HttpContext http, IEnumerable<string?> sessionIds, string? returnTo)
    {
        var issuer = Issuer(http);
        var frames = new List<string>();
        foreach (var sid in sessionIds.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var session = await sessions.FindAsync(sid, http.RequestAborted);
            var clients = await sessions.EndAsync(sid, http.RequestAborted);
            foreach (var client in clients)
            {
                if (oidc.Value.Clients.FirstOrDefault(c => c.ClientId == client.ClientId) is not { } registered)
                {
                    continue;
                }
                if (registered.FrontChannelLogoutUri is { } front)
                {
                    frames.Add(QueryHelpers.AddQueryString(front.ToString(),
                        new Dictionary<string, string?> { ["iss"] = issuer, ["sid"] = sid }));
                }
                if (registered.BackChannelLogoutUri is { } back && session is not null)
                {
                    backChannel.Enqueue(new BackChannelLogout(back, registered.ClientId, issuer, session.AccountId.ToString(), sid));
                }
            }
            logger.LogInformation("Logout of session {SessionId}: {Frames} front-channel, back-channel queued", sid, frames.Count);
        }
        var ticket = protector.Protect(JsonSerializer.Serialize(new LoggedOutTicket(frames, returnTo)), TimeSpan.FromMinutes(5));
        return "/Sessions/LoggedOut?ticket=" + Uri.EscapeDataString(ticket);
    }

    public LoggedOutTicket? Read(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 16_000)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<LoggedOutTicket>(protector.Unprotect(ticket));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The issuer as OpenIddict states it: the configured one, else this request's origin.</summary>
    public string Issuer(HttpContext http) =>
        oidc.Value.Issuer?.AbsoluteUri ?? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/";
}
