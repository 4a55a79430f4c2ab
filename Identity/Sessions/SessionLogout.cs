using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using SsoSuite.Identity.Oidc;

namespace SsoSuite.Identity.Sessions;

/// <summary>What the signed-out page does: one hidden iframe per client, says which apps were told, then (maybe) back to the client.</summary>
public sealed record LoggedOutTicket(IReadOnlyList<string> FrontChannelUris, string? ReturnTo,
    IReadOnlyList<string>? AppsTold = null, IReadOnlyList<string>? AppsPending = null);

/// <summary>
/// Sign-outs where a browser is present (KaseyaOne's own button, RP-initiated logout, My sessions): the sessions end
/// through <see cref="SessionEnding"/>, and the browser goes to the signed-out page, which renders the front-channel
/// frames (Front-Channel Logout 1.0 §2–3) and says which apps acknowledged the back-channel logout and which are
/// still being retried.
/// </summary>
public sealed class SessionLogout(SessionEnding ending, IOptions<OidcOptions> oidc, IDataProtectionProvider protection)
{
    private readonly ITimeLimitedDataProtector protector =
        protection.CreateProtector("SsoSuite.Identity.Sessions.LoggedOut.v1").ToTimeLimitedDataProtector();

    /// <summary>Ends the sessions and returns the signed-out page's URL (with its protected ticket).</summary>
    public async Task<string> EndAsync(HttpContext http, IEnumerable<string?> sessionIds, string? returnTo,
        SessionEndCause cause = SessionEndCause.SignOut)
    {
        var ended = await ending.EndAsync(sessionIds, cause, ct: http.RequestAborted);
        return Page(ended, returnTo);
    }

    public async Task<string> EndEverywhereAsync(HttpContext http, Guid accountId)
    {
        var ended = await ending.EndAllAsync(accountId, SessionEndCause.SignOutEverywhere, ct: http.RequestAborted);
        return Page(ended, returnTo: null);
    }

    private string Page(SessionsEnded ended, string? returnTo)
    {
        string Name(string clientId) => oidc.Value.Clients.FirstOrDefault(c => c.ClientId == clientId)?.DisplayName ?? clientId;
        var byApp = ended.Deliveries.GroupBy(d => d.ClientId).ToList();
        var told = byApp.Where(g => g.All(d => d.State == LogoutDeliveryState.Delivered)).Select(g => Name(g.Key)).ToList();
        var pending = byApp.Where(g => g.Any(d => d.State != LogoutDeliveryState.Delivered)).Select(g => Name(g.Key)).ToList();
        var ticket = protector.Protect(JsonSerializer.Serialize(new LoggedOutTicket(ended.FrontChannelFrames, returnTo, told, pending)),
            TimeSpan.FromMinutes(5));
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
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null;
        }
    }
}
