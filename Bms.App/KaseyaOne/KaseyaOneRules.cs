using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// The KaseyaOne account as its ID token describes it. <paramref name="EmailVerified"/> is the token's
/// <c>email_verified</c>: true only once the account's owner proved the address to KaseyaOne (SPEC rule 16).
/// </summary>
public sealed record KaseyaOneAccount(string Subject, string Email, bool EmailVerified, string TenantId, string TenantName, string? SessionId);

/// <summary>
/// The rules of signing in with KaseyaOne, each one small and pure so each has its own unit test
/// (<c>KaseyaOneRulesTests</c>). A tenant's integration is on exactly when BMS holds its <see cref="TenantLink"/>.
/// </summary>
public static class KaseyaOneRules
{
    /// <summary>SPEC rule 3: the emails must be equal, case-insensitively, at every sign-in.</summary>
    public static bool EmailsMatch(string? kaseyaOneEmail, string? bmsEmail) =>
        !string.IsNullOrWhiteSpace(kaseyaOneEmail) && !string.IsNullOrWhiteSpace(bmsEmail)
        && string.Equals(kaseyaOneEmail.Trim(), bmsEmail.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// SPEC rules 3 and 16: an email only identifies a person once KaseyaOne says its owner proved it; an address an
    /// administrator merely typed could be anyone's, and matching on it would hand that BMS user to the account.
    /// </summary>
    public static KaseyaOneRefusal? EmailTrusted(KaseyaOneAccount account) =>
        account.EmailVerified ? null : KaseyaOneRefusal.EmailNotVerified;

    /// <summary>SPEC rule 4: active Employee users of a tenant whose integration is on; null when allowed.</summary>
    public static KaseyaOneRefusal? WhoMayUse(BmsUser user, TenantLink? tenantLink) =>
        tenantLink is null ? KaseyaOneRefusal.IntegrationOff
        : user.UserType != BmsUserType.Employee ? KaseyaOneRefusal.NotEmployee
        : !user.IsActive ? KaseyaOneRefusal.BmsUserInactive
        : null;

    /// <summary>SPEC rule 2 (tenant side): the KaseyaOne account must belong to the K1 tenant this BMS tenant is linked to.</summary>
    public static bool SameKaseyaOneTenant(TenantLink? link, KaseyaOneAccount account) =>
        link is not null && string.Equals(link.K1TenantId, account.TenantId, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The whole sign-in decision, once the candidates were looked up: the linked user if any, else the
    /// user with the same email (SSO v2 links them now, unless they disabled the link or are a BMS admin), else the
    /// user with the same username (only to say that the emails differ). Nobody signs in on an unverified email.
    /// </summary>
    public static SignInDecision Decide(
        TenantLink? link, KaseyaOneAccount account,
        BmsUser? linkedUser, BmsUser? sameEmailUser, BmsUser? sameUserNameUser, bool sameEmailUserOptedOut)
    {
        if (link is null)
        {
            return SignInDecision.Refuse(KaseyaOneRefusal.IntegrationOff);
        }
        if (!SameKaseyaOneTenant(link, account))
        {
            return SignInDecision.Refuse(KaseyaOneRefusal.WrongTenant);
        }
        if (EmailTrusted(account) is { } untrusted)
        {
            return SignInDecision.Refuse(untrusted);
        }
        var user = linkedUser ?? sameEmailUser;
        if (user is null)
        {
            return SignInDecision.Refuse(sameUserNameUser is not null ? KaseyaOneRefusal.EmailMismatch : KaseyaOneRefusal.NotLinked);
        }
        if (WhoMayUse(user, link) is { } refusal)
        {
            return SignInDecision.Refuse(refusal);
        }
        if (!EmailsMatch(account.Email, user.Email))
        {
            return SignInDecision.Refuse(KaseyaOneRefusal.EmailMismatch);
        }
        if (linkedUser is null && sameEmailUserOptedOut)
        {
            return SignInDecision.Refuse(KaseyaOneRefusal.NotLinked);
        }
        // SPEC rule 6: an admin's user opens the whole tenant, so it is linked only by its owner's own act
        // (My Settings, or enabling the integration), never by a matching email at sign-in.
        if (linkedUser is null && user.IsAdmin)
        {
            return SignInDecision.Refuse(KaseyaOneRefusal.AdminLinksThemself);
        }
        return new SignInDecision(null, user, CreateLink: linkedUser is null);
    }
}

/// <summary>Who signs in, and whether their link is made now; or why nobody does.</summary>
public sealed record SignInDecision(KaseyaOneRefusal? Refusal, BmsUser? User, bool CreateLink)
{
    public static SignInDecision Refuse(KaseyaOneRefusal refusal) => new(refusal, null, false);
}
