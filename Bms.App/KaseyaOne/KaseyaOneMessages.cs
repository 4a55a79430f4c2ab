using Microsoft.AspNetCore.Mvc.ViewFeatures;
using SsoSuite.Shared.TenantLinks;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>Why a KaseyaOne round trip did not sign in or link the user (SPEC rules 2–4, 6, 10).</summary>
public enum KaseyaOneRefusal
{
    /// <summary>Rule 4: the BMS tenant has no KaseyaOne link.</summary>
    IntegrationOff,
    /// <summary>Rule 4: ClientPortal and Api users never sign in with KaseyaOne.</summary>
    NotEmployee,
    BmsUserInactive,
    /// <summary>Rule 4: KaseyaOne refused an inactive account.</summary>
    KaseyaOneInactive,
    /// <summary>Rule 2: the account's K1 tenant is not the one this BMS tenant is linked to.</summary>
    WrongTenant,
    /// <summary>Rule 3.</summary>
    EmailMismatch,
    /// <summary>Rules 3 and 16: KaseyaOne does not vouch for the account's email (<c>email_verified</c> is not true).</summary>
    EmailNotVerified,
    /// <summary>Rule 6: a BMS admin is never linked silently at sign-in; they enable it in My Settings.</summary>
    AdminLinksThemself,
    /// <summary>Rule 6: no link, and none is made silently (the user disabled it, or nobody matches).</summary>
    NotLinked,
    /// <summary>Rule 2: the K1 account is linked to another BMS user already.</summary>
    LinkedElsewhere,
    /// <summary>Rule 2 the other way: this BMS user is linked to another K1 account already.</summary>
    UserLinkedElsewhere,
    /// <summary>KaseyaOne or the round trip failed (a protocol error, a broken or stale state).</summary>
    Failed,
    /// <summary>KaseyaOne could not be reached (refused connection, timeout): nothing was changed.</summary>
    Unreachable,
    /// <summary>OpenID Connect Core §4: an initiate-login request from another issuer.</summary>
    UntrustedIssuer,
    /// <summary>An initiate-login target outside this BMS (no open redirect).</summary>
    UntrustedTarget,
}

/// <summary>
/// What the KaseyaOne integration tells the user. A refusal travels to the login page as a short code
/// (<c>/Accounts/Login?message=kaseyaone_email_mismatch</c>), never as text: only codes listed here are shown, so nobody
/// can put their own words on the BMS login page.
/// </summary>
public static class KaseyaOneMessages
{
    public const string Success = "Operation is completed successfully.";
    public const string UserLinked = "Login with KaseyaOne is enabled for your user.";
    public const string UserUnlinked = "Login with KaseyaOne is disabled for your user.";
    public const string UnlinkNotConfirmed =
        "KaseyaOne did not confirm that it removed your link, so nothing was changed. Please try again in a moment.";
    public const string TenantUnlinkNotConfirmed =
        "Login with KaseyaOne is off for this company, but KaseyaOne did not confirm that it forgot the connection: it may "
        + "still list this company under My Modules, and its KaseyaOne tenant cannot be connected to another BMS company until "
        + "it does. Turn the integration on and off again to ask it once more.";
    public const string SliderNotUnderstood =
        "The slider's value was not understood, so the integration was left as it was. Move the slider to turn it on or off.";
    public const string OwnUserNotLinked =
        "Your own user was not linked: its email differs from the KaseyaOne account's, or that account is linked already.";

    public static string Code(KaseyaOneRefusal refusal) => refusal switch
    {
        KaseyaOneRefusal.IntegrationOff => "kaseyaone_integration_off",
        KaseyaOneRefusal.NotEmployee => "kaseyaone_not_employee",
        KaseyaOneRefusal.BmsUserInactive => "kaseyaone_bms_user_inactive",
        KaseyaOneRefusal.KaseyaOneInactive => "kaseyaone_inactive",
        KaseyaOneRefusal.WrongTenant => "kaseyaone_wrong_tenant",
        KaseyaOneRefusal.EmailMismatch => "kaseyaone_email_mismatch",
        KaseyaOneRefusal.EmailNotVerified => "kaseyaone_email_not_verified",
        KaseyaOneRefusal.AdminLinksThemself => "kaseyaone_admin_links_themself",
        KaseyaOneRefusal.NotLinked => "kaseyaone_not_linked",
        KaseyaOneRefusal.LinkedElsewhere => "kaseyaone_linked_elsewhere",
        KaseyaOneRefusal.UserLinkedElsewhere => "kaseyaone_user_linked_elsewhere",
        KaseyaOneRefusal.Unreachable => "kaseyaone_unreachable",
        KaseyaOneRefusal.UntrustedIssuer => "kaseyaone_untrusted_issuer",
        KaseyaOneRefusal.UntrustedTarget => "kaseyaone_untrusted_target",
        _ => "kaseyaone_failed",
    };

    public static string Text(KaseyaOneRefusal refusal) => refusal switch
    {
        KaseyaOneRefusal.IntegrationOff => "Login with KaseyaOne is not enabled for this company. Log in with your BMS username and password.",
        KaseyaOneRefusal.NotEmployee => "Only employee users can log in with KaseyaOne. Log in with your BMS username and password.",
        KaseyaOneRefusal.BmsUserInactive => "Your BMS user is inactive. Ask your BMS administrator to reactivate it.",
        KaseyaOneRefusal.KaseyaOneInactive => "Your KaseyaOne account is inactive, so KaseyaOne did not sign you in. Log in with your BMS username and password, or ask your KaseyaOne administrator.",
        KaseyaOneRefusal.WrongTenant => "Your KaseyaOne account belongs to a KaseyaOne tenant that is not connected to this BMS company.",
        KaseyaOneRefusal.EmailMismatch => "The email address of your KaseyaOne account does not match the email address of your BMS user, so you cannot log in with KaseyaOne. Ask your BMS administrator to align them.",
        KaseyaOneRefusal.EmailNotVerified => "KaseyaOne has not verified the email address of your account yet, so BMS cannot match it to your BMS user. Sign in to KaseyaOne, verify your email address with the code it mailed you, then log in with KaseyaOne again.",
        KaseyaOneRefusal.AdminLinksThemself => "BMS administrators are not linked to KaseyaOne automatically. Log in with your BMS username and password, then choose My Settings > Enable Login with KaseyaOne.",
        KaseyaOneRefusal.NotLinked => "Login with KaseyaOne is disabled for your BMS user. Log in with your BMS username and password, then enable it in My Settings.",
        KaseyaOneRefusal.LinkedElsewhere => TenantLinkContract.AccountLinkedElsewhere,
        KaseyaOneRefusal.UserLinkedElsewhere => "Your BMS user is already linked to another KaseyaOne account. Choose Disable Login with KaseyaOne in My Settings first, then enable it with the account you want.",
        KaseyaOneRefusal.Unreachable => "KaseyaOne could not be reached, so nothing was changed. Please try again in a moment.",
        KaseyaOneRefusal.UntrustedIssuer => "That sign-in request did not come from the KaseyaOne this BMS is connected to.",
        KaseyaOneRefusal.UntrustedTarget => "That sign-in request pointed outside BMS, so it was not followed.",
        _ => "KaseyaOne did not complete the sign-in. Please try again, or log in with your BMS username and password.",
    };

    private static readonly Dictionary<string, KaseyaOneRefusal> ByCode =
        Enum.GetValues<KaseyaOneRefusal>().ToDictionary(Code, StringComparer.Ordinal);

    /// <summary>The text of a refusal's code, for the login page; null for anything else.</summary>
    public static string? ForCode(string? code) => code is not null && ByCode.TryGetValue(code, out var refusal) ? Text(refusal) : null;

    /// <summary>The login page after a round trip whose answer expired or never came back.</summary>
    public static string ExpiredLoginPage => "/Accounts/Login?message=" + Accounts.LoginMessages.Expired;

    /// <summary>The default BMS login page, saying why (SPEC rule 4: a refused user lands there with a message).</summary>
    public static string LoginPage(KaseyaOneRefusal refusal) => "/Accounts/Login?message=" + Code(refusal);
}

/// <summary>The integration's words on Admin &gt; Audit.</summary>
public static class KaseyaOneAudit
{
    public const string SignIn = "KaseyaOne sign-in";
    public const string Enable = "KaseyaOne integration enable";
    public const string Disable = "KaseyaOne integration disable";
    public const string UserLink = "KaseyaOne user link";
    public const string Linked = "linked";
    public const string Unlinked = "unlinked";
}

/// <summary>
/// A line the KaseyaOne integration shows once on the next page (the integration page, My Settings, the dashboard),
/// kept in TempData between the round trip's end and that page. Written by the integration's endpoints, shown by
/// <c>_KaseyaOneNotice.cshtml</c>; no page reads its TempData keys itself.
/// </summary>
public sealed record KaseyaOneNotice(string Text, bool IsError, string? Note = null)
{
    private const string TextKey = "KaseyaOneNotice";
    private const string ErrorKey = "KaseyaOneNoticeIsError";
    private const string NoteKey = "KaseyaOneNoticeNote";

    public static KaseyaOneNotice Done(string text, string? note = null) => new(text, false, note);

    public static KaseyaOneNotice Refused(string text) => new(text, true);

    public void ShowNext(HttpContext http)
    {
        var data = http.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(http);
        data[TextKey] = Text;
        data[ErrorKey] = IsError;
        data[NoteKey] = Note;
        data.Save();
    }

    /// <summary>The notice to show now, if any; reading it uses it up.</summary>
    public static KaseyaOneNotice? Take(ITempDataDictionary data) =>
        data[TextKey] is string text ? new KaseyaOneNotice(text, data[ErrorKey] is true, data[NoteKey] as string) : null;
}
