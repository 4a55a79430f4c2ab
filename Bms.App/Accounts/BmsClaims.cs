namespace SsoSuite.Bms.Accounts;

/// <summary>The claims of a BMS session principal (see <see cref="BmsCookies.Principal"/>).</summary>
public static class BmsClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string TenantId = "bms_tenant_id";
    public const string TenantName = "bms_tenant_name";
    public const string UserType = "bms_user_type";
    /// <summary>How this session was signed in: <see cref="SignInMethods.Local"/> or <see cref="SignInMethods.KaseyaOne"/>.</summary>
    public const string SignInMethod = "bms_sign_in";
    /// <summary>The id of the server-side <see cref="BmsSession"/> the cookie points at.</summary>
    public const string SessionId = "bms_sid";

    public const string AdminRole = "admin";
}

/// <summary>The ways into a BMS session.</summary>
public static class SignInMethods
{
    public const string Local = "local";
    public const string KaseyaOne = "kaseyaone";

    public static bool IsKnown(string method) => method is Local or KaseyaOne;
}
