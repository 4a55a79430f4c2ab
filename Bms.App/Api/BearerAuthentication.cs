using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace SsoSuite.Bms.Api;

/// <summary>
/// The "BmsApi" scheme: <c>Authorization: Bearer &lt;token&gt;</c> from <c>POST /api/v1/auth/token</c>,
/// looked up by its hash. Used only by the integration API endpoints; the pages keep the cookie.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "BmsApi";
    public const string TenantClaim = "bms_tenant";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Not a bearer token.");
        }
        var tokens = Context.RequestServices.GetRequiredService<ApiTokens>();
        var user = await tokens.ResolveAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null)
        {
            return AuthenticateResult.Fail("Unknown or expired token.");
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Name, user.UserName),
            new Claim(TenantClaim, user.TenantId.ToString()),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750 §3.1: a bearer token that was sent and failed is invalid_token, so the client knows to get a new one;
        // a request without one (or with another scheme) gets the bare challenge, without an error code (§3).
        var failed = (await HandleAuthenticateOnceSafeAsync()).Failure is not null
                     && Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        Response.Headers.WWWAuthenticate = failed
            ? "Bearer error=\"invalid_token\", error_description=\"The token is unknown or has expired.\""
            : "Bearer";
        // A JSON problem, not the HTML status page.
        if (Context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
            title: "A valid bearer token is required.",
            detail: "Get a token from POST /api/v1/auth/token and send it as 'Authorization: Bearer <token>'. Tokens expire.")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (Context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.").ExecuteAsync(Context);
    }
}
