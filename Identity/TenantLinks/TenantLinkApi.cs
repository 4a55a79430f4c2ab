using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Audit;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.Claims;
using SsoSuite.Shared.TenantLinks;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SsoSuite.Identity.TenantLinks;

/// <summary>
/// The client-authenticated API through which BMS registers and removes its links. Every call carries an
/// access token KaseyaOne issued to that client with the <c>k1_tenant_links</c> scope: a user's token
/// (from the admin's or the user's round trip through KaseyaOne) to create links, which then concern that
/// user's K1 tenant or account only; the client's own token (client credentials) suffices to remove them.
/// </summary>
public static class TenantLinkApi
{
    public const string Policy = "TenantLinks";

    public static WebApplicationBuilder AddTenantLinks(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasScope(KaseyaOneScopes.TenantLinks)));
        return builder;
    }

    public static WebApplication MapTenantLinks(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policy).DisableAntiforgery();
        api.MapPut("/tenant-links/{bmsTenantId}", LinkTenantAsync);
        api.MapDelete("/tenant-links/{bmsTenantId}", UnlinkTenantAsync).AddEndpointFilter(ClientsOwnTokenOnly);
        api.MapPut("/user-links/{bmsTenantId}", LinkUserAsync);
        api.MapDelete("/user-links/{bmsTenantId}/{accountId:guid}", UnlinkUserAsync).AddEndpointFilter(ClientsOwnTokenOnly);
        return app;
    }

    /// <summary>Connects the caller's K1 tenant to a BMS tenant of the calling client (a K1 admin's token).</summary>
    private static async Task<IResult> LinkTenantAsync(
        string bmsTenantId, TenantLinkRequest? body, ClaimsPrincipal caller, IdentityDbContext db, AccountSignIn accounts,
        KaseyaOneAudit audit, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        if (Invalid(bmsTenantId, body) is { } problem)
        {
            return problem;
        }
        var clientId = ClientOf(caller);
        var account = await AccountOfAsync(caller, accounts, ct);
        if (account is null)
        {
            return Results.Problem(statusCode: 403, title: "A signed-in KaseyaOne account is required to connect a tenant.");
        }
        if (!account.IsAdmin)
        {
            return Results.Problem(statusCode: 403, title: "Only a KaseyaOne administrator can connect a BMS tenant to a KaseyaOne tenant.");
        }

        // SPEC rule 2 across regions: the K1 tenant's link by any deployment counts; BMS tenant ids are the client's own.
        var existing = await db.TenantLinks.Where(l => l.K1TenantId == account.TenantId
                || (l.ClientId == clientId && l.BmsTenantId == bmsTenantId)).ToListAsync(ct);
        if (existing is [var same] && same.K1TenantId == account.TenantId && same.ClientId == clientId && same.BmsTenantId == bmsTenantId)
        {
            return Results.Ok(Describe(same, account.Tenant.Name));
        }
        if (existing.Count > 0)
        {
            await audit.RecordAsync(account.TenantId, account.Id, AuditActions.TenantLink, AuditOutcomes.Refused,
                $"BMS tenant {body!.Name} ({clientId}): already connected elsewhere", ct: ct);
            return Conflict(existing.Any(l => l.K1TenantId == account.TenantId)
                ? TenantLinkContract.AlreadyLinkedElsewhere
                : TenantLinkContract.BmsTenantLinkedElsewhere);
        }

        var link = new TenantLink
        {
            ClientId = clientId,
            K1TenantId = account.TenantId,
            BmsTenantId = bmsTenantId,
            BmsTenantName = body!.Name!.Trim(),
            BaseUrl = body.BaseUrl!,
            LinkedByAccountId = account.Id,
            LinkedAt = clock.GetUtcNow(),
        };
        db.TenantLinks.Add(link);
        audit.Add(account.TenantId, account.Id, AuditActions.TenantLink, AuditOutcomes.Succeeded,
            $"connected to BMS tenant {link.BmsTenantName} ({clientId})");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent request linked first: the unique indexes decided, exactly one link exists. When it is this very
            // link (two admins of one BMS tenant connecting it to their K1 tenant at once), the caller has what it asked.
            db.ChangeTracker.Clear();
            var winner = await db.TenantLinks.AsNoTracking().SingleOrDefaultAsync(l => l.K1TenantId == account.TenantId, ct);
            return winner is not null && winner.ClientId == clientId && winner.BmsTenantId == bmsTenantId
                ? Results.Ok(Describe(winner, account.Tenant.Name))
                : Conflict(TenantLinkContract.AlreadyLinkedElsewhere);
        }
        logs.CreateLogger(typeof(TenantLinkApi)).LogInformation(
            "Tenant link: K1 tenant {K1TenantId} connected to BMS tenant {BmsTenantId} of client {ClientId} by {AccountId}",
            account.TenantId, bmsTenantId, clientId, account.Id);
        return Results.Ok(Describe(link, account.Tenant.Name));
    }

    /// <summary>Forgets a BMS tenant's link and every user link into that tenant.</summary>
    private static async Task<IResult> UnlinkTenantAsync(
        string bmsTenantId, ClaimsPrincipal caller, IdentityDbContext db, KaseyaOneAudit audit, ILoggerFactory logs, CancellationToken ct)
    {
        var clientId = ClientOf(caller);
        if (await db.TenantLinks.Where(l => l.ClientId == clientId && l.BmsTenantId == bmsTenantId)
                .Select(l => new { l.K1TenantId, l.BmsTenantName }).FirstOrDefaultAsync(ct) is { } known)
        {
            await audit.RecordAsync(known.K1TenantId, null, AuditActions.TenantLink, AuditOutcomes.Ended,
                $"disconnected from BMS tenant {known.BmsTenantName} ({clientId})", ct: ct);
        }
        var removed = await db.TenantLinks.Where(l => l.ClientId == clientId && l.BmsTenantId == bmsTenantId).ExecuteDeleteAsync(ct);
        var users = await db.UserLinks.Where(l => l.ClientId == clientId && l.BmsTenantId == bmsTenantId).ExecuteDeleteAsync(ct);
        logs.CreateLogger(typeof(TenantLinkApi)).LogInformation(
            "Tenant link of BMS tenant {BmsTenantId} (client {ClientId}) removed: {Removed} tenant link, {Users} user links",
            bmsTenantId, clientId, removed, users);
        return Results.NoContent();
    }

    /// <summary>Records that the caller's K1 account is linked to a user of a BMS tenant (a user's token).</summary>
    private static async Task<IResult> LinkUserAsync(
        string bmsTenantId, TenantLinkRequest? body, ClaimsPrincipal caller, IdentityDbContext db, AccountSignIn accounts,
        TimeProvider clock, CancellationToken ct)
    {
        if (Invalid(bmsTenantId, body) is { } problem)
        {
            return problem;
        }
        var clientId = ClientOf(caller);
        if (await AccountOfAsync(caller, accounts, ct) is not { } account)
        {
            return Results.Problem(statusCode: 403, title: "A signed-in KaseyaOne account is required to link a user.");
        }
        // SPEC rules 2 and 6: a user links within the tenant pair an admin connected, never into a BMS tenant of another
        // KaseyaOne tenant (its My Modules would list it). BMS checks the same before it calls; this holds whatever it sends.
        if (!await db.TenantLinks.AnyAsync(l => l.ClientId == clientId && l.BmsTenantId == bmsTenantId && l.K1TenantId == account.TenantId, ct))
        {
            return Results.Problem(statusCode: 403, title: TenantLinkContract.TenantNotConnected);
        }
        var existing = await db.UserLinks.AsNoTracking().SingleOrDefaultAsync(l => l.AccountId == account.Id, ct);
        if (existing is not null)
        {
            // SPEC rule 2: one BMS user per K1 account, whichever deployment (region) holds it.
            return existing.ClientId == clientId && existing.BmsTenantId == bmsTenantId
                ? Results.NoContent()
                : Conflict(TenantLinkContract.AccountLinkedElsewhere);
        }
        db.UserLinks.Add(new UserLink
        {
            ClientId = clientId,
            AccountId = account.Id,
            BmsTenantId = bmsTenantId,
            BmsTenantName = body!.Name!.Trim(),
            BaseUrl = body.BaseUrl!,
            LinkedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent request linked this account first: the unique index on the account decided.
            db.ChangeTracker.Clear();
            var winner = await db.UserLinks.AsNoTracking().SingleOrDefaultAsync(l => l.AccountId == account.Id, ct);
            return winner is not null && winner.ClientId == clientId && winner.BmsTenantId == bmsTenantId
                ? Results.NoContent()
                : Conflict(TenantLinkContract.AccountLinkedElsewhere);
        }
        return Results.NoContent();
    }

    private static async Task<IResult> UnlinkUserAsync(
        string bmsTenantId, Guid accountId, ClaimsPrincipal caller, IdentityDbContext db, CancellationToken ct)
    {
        var clientId = ClientOf(caller);
        await db.UserLinks.Where(l => l.ClientId == clientId && l.AccountId == accountId && l.BmsTenantId == bmsTenantId)
            .ExecuteDeleteAsync(ct);
        return Results.NoContent();
    }

    private static IResult? Invalid(string bmsTenantId, TenantLinkRequest? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (bmsTenantId.Length is 0 or > 100)
        {
            errors["bmsTenantId"] = ["The BMS tenant id must be 1 to 100 characters."];
        }
        if (body is null)
        {
            errors["body"] = ["A JSON body with name and baseUrl is required."];
        }
        else
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(body, new ValidationContext(body), results, validateAllProperties: true))
            {
                foreach (var result in results)
                {
                    errors[result.MemberNames.FirstOrDefault() ?? "body"] = [result.ErrorMessage ?? "Invalid."];
                }
            }
            else if (!Uri.TryCreate(body.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                errors["BaseUrl"] = ["The base URL must be an absolute http(s) URL."];
            }
        }
        return errors.Count == 0 ? null : Results.ValidationProblem(errors);
    }

    /// <summary>
    /// Links are removed by the client itself (its Disable and Unlink, with its own client_credentials token: the client is
    /// the subject and no session is named), never with a user's token. Every user signing in to BMS carries the
    /// k1_tenant_links scope, and a removal names any BMS tenant or account: a user's token, wherever it leaked, would
    /// otherwise disconnect another KaseyaOne tenant's BMS (SPEC rules 2 and 6).
    /// </summary>
    private static async ValueTask<object?> ClientsOwnTokenOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = context.HttpContext.User;
        return string.Equals(caller.GetClaim(Claims.Subject), ClientOf(caller), StringComparison.Ordinal)
               && caller.GetClaim(KaseyaOneClaims.SessionId) is null
            ? await next(context)
            : Results.Problem(statusCode: 403, title: "Links are removed with the client's own token (client credentials), not a user's.");
    }

    private static string ClientOf(ClaimsPrincipal caller) =>
        caller.GetClaim(Claims.ClientId) ?? caller.GetPresenters().FirstOrDefault()
        ?? throw new InvalidOperationException("An access token without a client.");

    /// <summary>The active account behind a user's token; null for a client's own token.</summary>
    private static async Task<K1Account?> AccountOfAsync(ClaimsPrincipal caller, AccountSignIn accounts, CancellationToken ct) =>
        Guid.TryParse(caller.GetClaim(Claims.Subject), out var id) && await accounts.FindAsync(id, ct) is { IsActive: true } account
            ? account
            : null;

    private static IResult Conflict(string message) => Results.Problem(statusCode: 409, title: message);

    private static object Describe(TenantLink link, string k1TenantName) => new
    {
        k1TenantId = link.K1TenantId,
        k1TenantName,
        bmsTenantId = link.BmsTenantId,
        linkedAt = link.LinkedAt,
    };
}
