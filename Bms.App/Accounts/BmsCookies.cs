using System.Security.Claims;

namespace SsoSuite.Bms.Accounts;

/// <summary>
/// The cookies of a BMS browser: the session, the short-lived pending sign-in (password accepted, code
/// not yet) and the remembered company. Every name starts with <c>bms.</c>: KaseyaOne runs on the same
/// host and browsers do not separate cookies by port.
/// </summary>
public static class BmsCookies
{
    /// <summary>The authentication scheme of the BMS session cookie.</summary>
    public const string Session = "Bms";
    /// <summary>The authentication scheme of the pending sign-in (between password and code).</summary>
    public const string Pending = "Bms.Pending";
    public const string SessionCookieName = "bms.session";
    public const string PendingCookieName = "bms.pending";

    private static readonly HashSet<string> OwnClaimTypes =
    [
        BmsClaims.Subject, BmsClaims.Name, BmsClaims.Role, BmsClaims.TenantId, BmsClaims.TenantName,
        BmsClaims.UserType, BmsClaims.SignInMethod, BmsClaims.SessionId,
    ];

    /// <summary>
    /// The session principal, the one place its claims are decided. It is rebuilt from the store on
    /// every request, so a change to the user (name, admin, type) shows at once; claims another feature
    /// added at sign-in (<paramref name="extraClaims"/>) are carried along unchanged.
    /// </summary>
    public static ClaimsPrincipal Principal(BmsUser user, BmsSession session, IEnumerable<Claim>? extraClaims = null)
    {
        var identity = new ClaimsIdentity(Session, BmsClaims.Name, BmsClaims.Role);
        identity.AddClaim(new Claim(BmsClaims.Subject, user.Id.ToString()));
        identity.AddClaim(new Claim(BmsClaims.Name, user.DisplayName));
        identity.AddClaim(new Claim(BmsClaims.TenantId, user.TenantId.ToString()));
        identity.AddClaim(new Claim(BmsClaims.TenantName, user.Tenant.Name));
        identity.AddClaim(new Claim(BmsClaims.UserType, user.UserType.ToString()));
        identity.AddClaim(new Claim(BmsClaims.SignInMethod, session.SignInMethod));
        identity.AddClaim(new Claim(BmsClaims.SessionId, session.Id));
        if (user.IsAdmin)
        {
            identity.AddClaim(new Claim(BmsClaims.Role, BmsClaims.AdminRole));
        }
        foreach (var claim in extraClaims ?? [])
        {
            if (!OwnClaimTypes.Contains(claim.Type))
            {
                identity.AddClaim(new Claim(claim.Type, claim.Value, claim.ValueType));
            }
        }
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The tenant and user of a signed-in principal (BMS session or API token).</summary>
    public static Guid TenantId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirst(BmsClaims.TenantId)!.Value);

    public static Guid UserId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirst(BmsClaims.Subject)!.Value);
}

/// <summary>
/// The company last used to sign in from this browser, prefilled on the login page and used for the
/// Log in with KaseyaOne link (SPEC rule 7). A convenience, not a credential.
/// </summary>
public static class RememberedCompany
{
    public const string CookieName = "bms.company";

    public static string? Read(HttpRequest request) =>
        request.Cookies[CookieName] is { Length: > 0 and <= 100 } company ? company : null;

    public static void Remember(HttpContext http, string company) =>
        http.Response.Cookies.Append(CookieName, company.Trim(), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
        });
}
