using SsoSuite.Bms.Api;

namespace SsoSuite.Bms.Accounts;

/// <summary>
/// A user changed their own password or authenticator (or set up a first one): the old credentials may be known to
/// someone else (a phished password and code), so whatever they opened ends. Every other BMS session of the user and
/// every integration API token issued to them (SPEC rule 12: a token is issued for the password and code the user had
/// then) end; the browser that made the change stays signed in. An admin's deactivation or MFA reset ends the current session too (EmployeeDirectory).
/// </summary>
public sealed class CredentialChanges(BmsSessionStore sessions, ApiTokens apiTokens)
{
    /// <summary>Ends the user's other sessions and API tokens; returns how many other sessions were live.</summary>
    public async Task<int> EndWhatTheOldOneOpenedAsync(Guid userId, string? keptSessionId, CancellationToken ct)
    {
        var ended = await sessions.EndAllButAsync(userId, keptSessionId, ct);
        await apiTokens.RevokeAllAsync(userId, ct);
        return ended;
    }
}
