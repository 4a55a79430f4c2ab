using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// One journey through KaseyaOne (sign in, enable the tenant, disable it, link a user). Each starts a challenge whose
/// return address is its own <see cref="KaseyaOneRoundTrip.Start"/> path and completes there; when KaseyaOne or the
/// round trip fails instead, the OpenID Connect handler hands the failure to the journey registered (keyed) under that
/// path, so no journey ever reads another's state.
/// </summary>
public interface IKaseyaOneJourney
{
    Task<IResult> FailedAsync(HttpContext http, KaseyaOneReturn.Failure failure);
}

/// <summary>
/// What a journey remembers across the round trip, in the handler's protected state: the tenant, the BMS user who
/// started it and the BMS session they started it from, and where a sign-in lands.
/// </summary>
public sealed record KaseyaOneJourneyState(Guid? TenantId, Guid? UserId, string? Target = null, string? SessionId = null);

/// <summary>How every journey starts a round trip and reads what came back.</summary>
public static class KaseyaOneRoundTrip
{
    /// <summary>
    /// The completion path, kept as state of its own: the handler empties <c>RedirectUri</c> once it has the answer,
    /// and a journey must know the answer it reads was asked for by that journey.
    /// </summary>
    private const string JourneyItem = "k1.journey";
    private const string TenantItem = "k1.tenant";
    private const string UserItem = "k1.user";
    private const string TargetItem = "k1.target";
    private const string SessionItem = "k1.session";

    /// <summary>
    /// The challenge of a journey that completes at <paramref name="completePath"/>. <paramref name="prompt"/> is
    /// OpenID Connect Core §3.1.2.1's: <c>login</c> asks for credentials and code again, <c>none</c> never shows a page.
    /// </summary>
    public static AuthenticationProperties Start(string completePath, KaseyaOneJourneyState state, string? prompt = null, string? loginHint = null)
    {
        var properties = new OpenIdConnectChallengeProperties { RedirectUri = completePath, Prompt = prompt };
        Put(properties, JourneyItem, completePath);
        Put(properties, TenantItem, state.TenantId?.ToString());
        Put(properties, UserItem, state.UserId?.ToString());
        Put(properties, TargetItem, state.Target);
        Put(properties, SessionItem, state.SessionId);
        if (loginHint is not null)
        {
            // A challenge parameter, not state: it goes to KaseyaOne once and is not kept in the correlation cookie.
            properties.SetParameter(OpenIdConnectParameterNames.LoginHint, loginHint);
        }
        return properties;
    }

    /// <summary>
    /// KaseyaOne's answer for the journey completing at <paramref name="completePath"/>, once: the short-lived cookie
    /// holding it is removed. Null when there is none, it has expired, or it belongs to another journey.
    /// </summary>
    public static async Task<KaseyaOneReturn?> CompleteAsync(HttpContext http, string completePath)
    {
        var result = await http.AuthenticateAsync(KaseyaOneSetup.External);
        await http.SignOutAsync(KaseyaOneSetup.External);
        if (!result.Succeeded || result.Properties is not { } properties || Get(properties, JourneyItem) != completePath
            || ReadAccount(result.Principal) is not { } account)
        {
            return null;
        }
        return new KaseyaOneReturn(account, result.Principal!, State(properties),
            properties.GetTokenValue(OpenIdConnectParameterNames.AccessToken), properties.GetTokenValue(OpenIdConnectParameterNames.IdToken));
    }

    /// <summary>The completion path of the journey a failed round trip belongs to; null when the handler could not read it.</summary>
    public static string? JourneyOf(AuthenticationProperties? properties) => Get(properties, JourneyItem);

    /// <summary>The state of a round trip that failed; empty when the handler could not read it.</summary>
    public static KaseyaOneJourneyState State(AuthenticationProperties? properties) => new(
        Guid.TryParse(Get(properties, TenantItem), out var tenant) ? tenant : null,
        Guid.TryParse(Get(properties, UserItem), out var user) ? user : null,
        Get(properties, TargetItem),
        Get(properties, SessionItem));

    private static void Put(AuthenticationProperties properties, string key, string? value)
    {
        if (value is not null)
        {
            properties.Items[key] = value;
        }
    }

    private static string? Get(AuthenticationProperties? properties, string key) =>
        properties?.Items.TryGetValue(key, out var value) == true ? value : null;

    private static KaseyaOneAccount? ReadAccount(ClaimsPrincipal? principal)
    {
        var subject = principal?.FindFirst(KaseyaOneClaims.Subject)?.Value;
        var email = principal?.FindFirst(KaseyaOneClaims.Email)?.Value;
        var tenantId = principal?.FindFirst(KaseyaOneClaims.TenantId)?.Value;
        return subject is null || email is null || tenantId is null
            ? null
            : new KaseyaOneAccount(subject, email,
                bool.TryParse(principal!.FindFirst(KaseyaOneClaims.EmailVerified)?.Value, out var verified) && verified, tenantId, principal.FindFirst(KaseyaOneClaims.TenantName)?.Value ?? "",
                principal.FindFirst(KaseyaOneClaims.SessionId)?.Value);
    }
}

/// <summary>What a completed round trip brought back: the account KaseyaOne signed in, and the journey's state.</summary>
public sealed record KaseyaOneReturn(
    KaseyaOneAccount Account, ClaimsPrincipal Principal, KaseyaOneJourneyState State, string? AccessToken, string? IdToken)
{
    /// <summary>A round trip that KaseyaOne refused (an inactive account, no session for prompt=none) or that broke.</summary>
    public sealed record Failure(KaseyaOneJourneyState State, bool AccountInactive, string? Error, bool Unreachable = false)
    {
        public KaseyaOneRefusal Refusal =>
            Unreachable ? KaseyaOneRefusal.Unreachable : AccountInactive ? KaseyaOneRefusal.KaseyaOneInactive : KaseyaOneRefusal.Failed;

        public static Failure From(RemoteFailureContext context)
        {
            var error = context.Failure?.Data["error"] as string;
            var description = context.Failure?.Data["error_description"] as string;
            // KaseyaOne says why in its access_denied answer (SPEC rule 4): an inactive account has its own message.
            var inactive = error == "access_denied" && description?.Contains("inactive", StringComparison.OrdinalIgnoreCase) == true;
            // The back channel (token endpoint, discovery) failing in the callback is KaseyaOne out of reach, not a refusal.
            return new Failure(KaseyaOneRoundTrip.State(context.Properties), inactive, error, KaseyaOneReachability.Explains(context.Failure));
        }

        /// <summary>The audit line's detail.</summary>
        public string Detail => Unreachable ? "KaseyaOne unreachable" : AccountInactive ? "KaseyaOne account inactive" : Error ?? "round trip failed";
    }
}
