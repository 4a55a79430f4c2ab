using System.Security.Claims;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Oidc;
using SsoSuite.Shared.Claims;
using SsoSuite.Shared.Launcher;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SsoSuite.Identity.Launcher;

/// <summary>
/// <c>GET /api/v1/launcher</c>: the signed-in user's app launcher, for a relying party's own launcher (BMS's, after a
/// KaseyaOne sign-in, SPEC rule 10). It takes that user's access token with the <c>k1_launcher</c> scope and answers
/// for that user only; the links lead through KaseyaOne's own launch, so every rule of a launch still applies.
/// </summary>
public static class LauncherApi
{
    public const string Policy = "Launcher";
    public const string Path = "/api/v1/launcher";

    public static WebApplicationBuilder AddLauncherApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasScope(KaseyaOneScopes.Launcher)));
        return builder;
    }

    public static WebApplication MapLauncherApi(this WebApplication app)
    {
        app.MapGet(Path, EntriesAsync).RequireAuthorization(Policy);
        return app;
    }

    private static async Task<IResult> EntriesAsync(ClaimsPrincipal caller, HttpContext http, AccountSignIn accounts,
        BmsTenants tenants, ModuleCatalog catalog, IOptions<OidcOptions> oidc, CancellationToken ct)
    {
        // A client's own token (client credentials) has no user, and an inactive account has no launcher.
        if (!Guid.TryParse(caller.GetClaim(Claims.Subject), out var accountId)
            || await accounts.FindAsync(accountId, ct) is not { IsActive: true } account)
        {
            return Results.Problem(statusCode: 403, title: "A signed-in, active KaseyaOne account is required.");
        }
        var issuer = oidc.Value.IssuerFor(http.Request).TrimEnd('/');
        var launcher = new AppLauncher(catalog, await tenants.ForAccountAsync(account.TenantId, account.Id, ct));
        return Results.Ok(new LauncherEntries(launcher.Entries()
            .Select(e => e with { Url = e.Url is null ? null : issuer + e.Url })
            .ToList()));
    }
}
