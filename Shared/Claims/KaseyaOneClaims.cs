namespace SsoSuite.Shared.Claims;

/// <summary>Claim names KaseyaOne puts in its tokens and BMS reads from them.</summary>
public static class KaseyaOneClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string PreferredUsername = "preferred_username";
    public const string Email = "email";
    public const string EmailVerified = "email_verified";
    public const string Role = "role";
    /// <summary>OpenID Connect Front-Channel Logout 1.0 §3: the session id.</summary>
    public const string SessionId = "sid";
    /// <summary>RFC 8176 authentication method references: always <c>pwd</c> and <c>otp</c> here.</summary>
    public const string AuthenticationMethods = "amr";
    public const string AuthTime = "auth_time";
    public const string TenantId = "k1_tenant_id";
    public const string TenantName = "k1_tenant_name";
    /// <summary>SPEC rule 11: where the module should land the user after this sign-in (in the module's own origin).</summary>
    public const string LandingPage = "k1_landing_page";

    public const string AdminRole = "admin";
    public const string UserRole = "user";
}

/// <summary>Scopes KaseyaOne understands beyond the standard ones.</summary>
public static class KaseyaOneScopes
{
    /// <summary>Asks for the K1 tenant id and name.</summary>
    public const string Tenant = "k1_tenant";
    /// <summary>Lets a relying party register and remove tenant links (client-authenticated).</summary>
    public const string TenantLinks = "k1_tenant_links";
    /// <summary>Lets a relying party read the signed-in user's app launcher (with that user's access token).</summary>
    public const string Launcher = "k1_launcher";
}
