using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Claims;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// The round trips through KaseyaOne. One callback serves four purposes, carried in the protected state
/// (the authentication properties): sign in (SPEC rules 3, 4, 7, 10), enable the tenant integration and
/// disable it (rule 5), enable a user's link (rule 6). Every outcome is audited.
/// </summary>
public sealed class KaseyaOneFlows(
    BmsDbContext db,
    KaseyaOneDirectory directory,
    BmsSignIn signIn,
    AuditLog audit,
    IOptions<KaseyaOneOptions> options,
    ITempDataDictionaryFactory tempData,
    TimeProvider clock,
    ILogger<KaseyaOneFlows> logger)
{
    public const string PurposeItem = "k1.purpose";
    public const string TenantItem = "k1.tenant";
    public const string UserItem = "k1.user";
    public const string TargetItem = "k1.target";
    public const string PromptItem = "k1.prompt";
    public const string LoginHintItem = "k1.login_hint";
    public const string IdTokenHintItem = "k1.id_token_hint";

    public const string SignInPurpose = "sign-in";
    public const string EnableTenantPurpose = "enable-tenant";
    public const string DisableTenantPurpose = "disable-tenant";
    public const string LinkUserPurpose = "link-user";

    /// <summary>Claims a KaseyaOne sign-in adds to the BMS session, for logout (id_token_hint, iss, sid).</summary>
    public const string IdTokenClaim = "k1_id_token";
    public const string IssuerClaim = "k1_iss";
    public const string SessionIdClaim = "k1_sid";

    public const string Success = "Operation is completed successfully.";
    public const string IntegrationPage = "/Admin/Integrations/KaseyaOne";
    public const string SettingsPage = "/Accounts/Settings";
    public const string NoticeKey = "KaseyaOneNotice";
    public const string ErrorKey = "KaseyaOneError";

    // ---- Starting a round trip -------------------------------------------------------------------

    public async Task<IResult> StartSignInAsync(HttpContext http, string? company)
    {
        var tenant = await TenantByNameAsync(company, http.RequestAborted);
        if (tenant is null || !tenant.KaseyaOneEnabled)
        {
            return LoginPage(LoginMessages.KaseyaOneIntegrationOff);
        }
        RememberedCompany.Remember(http, tenant.Name);
        return Challenge(SignInPurpose, tenant.Id);
    }

    /// <summary>
    /// OpenID Connect Core §4: KaseyaOne asks BMS to start a sign-in. Only the configured KaseyaOne may
    /// ask (iss), and only for a page of this BMS (target_link_uri), so this is no open redirect.
    /// </summary>
    public Task<IResult> InitiateLoginAsync(HttpContext http, string? iss, string? loginHint, string? target, string? tenant)
    {
        if (!options.Value.IsIssuer(iss))
        {
            logger.LogWarning("Initiate-login refused: issuer {Issuer} is not KaseyaOne", iss);
            return Task.FromResult(LoginPage(LoginMessages.KaseyaOneUntrustedIssuer));
        }
        string? landing = null;
        if (!string.IsNullOrEmpty(target))
        {
            landing = OwnPage(http, target);
            if (landing is null)
            {
                logger.LogWarning("Initiate-login refused: target {Target} is not a page of this BMS", target);
                return Task.FromResult(LoginPage(LoginMessages.KaseyaOneUntrustedTarget));
            }
        }
        var properties = Properties(SignInPurpose, Guid.TryParse(tenant, out var tenantId) ? tenantId : null);
        if (landing is not null)
        {
            properties.Items[TargetItem] = landing;
        }
        if (loginHint is { Length: > 0 and <= 256 })
        {
            properties.Items[LoginHintItem] = loginHint;
        }
        return Task.FromResult(Results.Challenge(properties, [KaseyaOneSetup.Scheme]));
    }

    /// <summary>Admin &gt; Integrations &gt; KaseyaOne, slider to the right: sign in at KaseyaOne, then connect.</summary>
    public AuthenticationProperties EnableTenant(ClaimsPrincipal admin)
    {
        var properties = Properties(EnableTenantPurpose, admin.TenantId());
        properties.Items[UserItem] = admin.UserId().ToString();
        properties.Items[PromptItem] = "login";
        return properties;
    }

    /// <summary>Slider to the left: a brief pass through KaseyaOne, which forgets the link, and back.</summary>
    public AuthenticationProperties DisableTenant(ClaimsPrincipal admin)
    {
        var properties = Properties(DisableTenantPurpose, admin.TenantId());
        properties.Items[UserItem] = admin.UserId().ToString();
        properties.Items[PromptItem] = "none";
        return properties;
    }

    /// <summary>My Settings &gt; Enable Login with KaseyaOne: credentials and code at KaseyaOne, then the link.</summary>
    public async Task<IResult> StartUserLinkAsync(HttpContext http)
    {
        var (user, tenant) = await CurrentAsync(http);
        if (user is null || tenant is null)
        {
            return Results.Forbid();
        }
        if (KaseyaOneRules.WhoMayUse(user, tenant) is { } refusal)
        {
            return Back(http, SettingsPage, error: LoginMessages.For(refusal));
        }
        var properties = Properties(LinkUserPurpose, tenant.Id);
        properties.Items[UserItem] = user.Id.ToString();
        properties.Items[PromptItem] = "login";
        return Results.Challenge(properties, [KaseyaOneSetup.Scheme]);
    }

    // ---- Coming back -----------------------------------------------------------------------------

    public async Task<IResult> CompleteAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(KaseyaOneSetup.External);
        await http.SignOutAsync(KaseyaOneSetup.External);
        if (!result.Succeeded || result.Properties is null || ReadAccount(result.Principal) is not { } account)
        {
            return LoginPage(LoginMessages.Expired);
        }
        var items = result.Properties.Items;
        var tenantId = items.TryGetValue(TenantItem, out var t) && Guid.TryParse(t, out var parsed) ? parsed : (Guid?)null;
        return Get(items, PurposeItem) switch
        {
            EnableTenantPurpose => await EnableTenantAsync(http, account, result.Properties, tenantId),
            DisableTenantPurpose => await DisableTenantAsync(http, Get(items, UserItem), tenantId),
            LinkUserPurpose => await LinkUserAsync(http, account, result.Properties, tenantId),
            _ => await SignInAsync(http, account, result.Principal!, result.Properties, tenantId),
        };
    }

    /// <summary>KaseyaOne said no (an inactive account, no session for prompt=none) or the round trip broke.</summary>
    public async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        var items = context.Properties?.Items ?? new Dictionary<string, string?>();
        var error = context.Failure?.Data["error"] as string;
        var description = context.Failure?.Data["error_description"] as string;
        logger.LogWarning("KaseyaOne round trip failed ({Purpose}): {Error} {Description}",
            Get(items, PurposeItem), error, description ?? context.Failure?.Message);
        var inactive = error == "access_denied" && description?.Contains("inactive", StringComparison.OrdinalIgnoreCase) == true;
        var tenantId = items.TryGetValue(TenantItem, out var t) && Guid.TryParse(t, out var parsed) ? parsed : (Guid?)null;

        IResult next = Get(items, PurposeItem) switch
        {
            // Disabling never depends on a KaseyaOne session: BMS removes the link with its own credentials.
            DisableTenantPurpose => await DisableTenantAsync(http, Get(items, UserItem), tenantId),
            EnableTenantPurpose => Back(http, IntegrationPage, error: inactive
                ? LoginMessages.For(LoginMessages.KaseyaOneInactive) : LoginMessages.For(LoginMessages.KaseyaOneFailed)),
            LinkUserPurpose => Back(http, SettingsPage, error: inactive
                ? LoginMessages.For(LoginMessages.KaseyaOneInactive) : LoginMessages.For(LoginMessages.KaseyaOneFailed)),
            _ => LoginPage(inactive ? LoginMessages.KaseyaOneInactive : LoginMessages.KaseyaOneFailed),
        };
        if (tenantId is { } id && Get(items, PurposeItem) != DisableTenantPurpose)
        {
            await audit.RecordAsync(id, null, "KaseyaOne " + (Get(items, PurposeItem) ?? SignInPurpose), "refused",
                inactive ? "KaseyaOne account inactive" : error ?? "round trip failed", http.RequestAborted);
        }
        await next.ExecuteAsync(http);
    }

    private async Task<IResult> SignInAsync(HttpContext http, KaseyaOneAccount account, ClaimsPrincipal principal,
        AuthenticationProperties properties, Guid? tenantId)
    {
        var ct = http.RequestAborted;
        var anyLink = await db.Set<UserLink>().AsNoTracking().SingleOrDefaultAsync(l => l.K1Subject == account.Subject, ct);
        // Which BMS tenant: the one chosen (login page, launch), else the account's link, else the K1 tenant's link.
        tenantId ??= anyLink?.BmsTenantId
                     ?? await db.Set<TenantLink>().Where(l => l.K1TenantId == account.TenantId).Select(l => (Guid?)l.BmsTenantId).SingleOrDefaultAsync(ct);
        var tenant = tenantId is null ? null : await db.Tenants.SingleOrDefaultAsync(x => x.Id == tenantId, ct);
        if (tenant is null)
        {
            logger.LogWarning("KaseyaOne sign-in refused: no BMS tenant for K1 tenant {K1Tenant}", account.TenantId);
            return LoginPage(LoginMessages.KaseyaOneWrongTenant);
        }
        if (anyLink is not null && anyLink.BmsTenantId != tenant.Id)
        {
            return await RefuseAsync(tenant.Id, null, LoginMessages.KaseyaOneLinkedElsewhere, ct);
        }
        var link = await db.Set<TenantLink>().AsNoTracking().SingleOrDefaultAsync(l => l.BmsTenantId == tenant.Id, ct);
        var users = db.Users.Include(u => u.Tenant).Where(u => u.TenantId == tenant.Id);
        var linkedUser = anyLink is null ? null : await users.SingleOrDefaultAsync(u => u.Id == anyLink.BmsUserId, ct);
        // LIKE is case-insensitive in SQLite; the rule itself decides among the candidates.
        var byEmail = (await users.Where(u => EF.Functions.Like(u.Email, account.Email.Trim())).Take(10).ToListAsync(ct))
            .Where(u => KaseyaOneRules.EmailsMatch(account.Email, u.Email)).Take(2).ToList();
        var sameEmailUser = byEmail.Count == 1 ? byEmail[0] : null;
        var userName = principal.FindFirst("preferred_username")?.Value;
        var sameUserName = userName is null ? null
            : await users.SingleOrDefaultAsync(u => u.NormalizedUserName == BmsUser.Normalize(userName), ct);
        var optedOut = sameEmailUser is not null
                       && await db.Set<KaseyaOneOptOut>().AnyAsync(o => o.BmsUserId == sameEmailUser.Id, ct);

        var decision = KaseyaOneRules.Decide(tenant, link, account, linkedUser, sameEmailUser, sameUserName, optedOut);
        if (decision.Refusal is { } refusal)
        {
            return await RefuseAsync(tenant.Id, (linkedUser ?? sameEmailUser ?? sameUserName)?.Id, refusal, ct);
        }
        var user = decision.User!;
        if (decision.CreateLink)
        {
            // SSO v2: the first KaseyaOne sign-in of a user whose emails match links them.
            if (!await TryAddUserLinkAsync(user, account, ct))
            {
                return await RefuseAsync(tenant.Id, user.Id, LoginMessages.KaseyaOneLinkedElsewhere, ct);
            }
            await RegisterUserLinkAsync(http, properties, tenant, ct);
            await audit.RecordAsync(tenant.Id, user.Id, "KaseyaOne user link", "linked", "first KaseyaOne sign-in, emails match", ct);
        }

        await signIn.CompleteAsync(http, user, SignInMethods.KaseyaOne, account.SessionId,
        [
            new Claim(SessionIdClaim, account.SessionId ?? ""),
            new Claim(IssuerClaim, principal.FindFirst("iss")?.Value ?? options.Value.Issuer),
            new Claim(IdTokenClaim, properties.GetTokenValue("id_token") ?? ""),
        ]);
        await audit.RecordAsync(tenant.Id, user.Id, "KaseyaOne sign-in", "succeeded", $"KaseyaOne account {account.Email}", ct);

        // SPEC rule 11: the landing page (launch target, else the module URL setting), inside this BMS only.
        var landing = Get(properties.Items, TargetItem)
                      ?? OwnPage(http, principal.FindFirst(KaseyaOneClaims.LandingPage)?.Value)
                      ?? "/";
        return Results.LocalRedirect(landing);
    }

    private async Task<IResult> EnableTenantAsync(HttpContext http, KaseyaOneAccount account, AuthenticationProperties properties, Guid? tenantId)
    {
        var ct = http.RequestAborted;
        var (admin, tenant) = await CurrentAsync(http);
        if (admin is null || tenant is null || !admin.IsAdmin || tenant.Id != tenantId
            || Get(properties.Items, UserItem) != admin.Id.ToString())
        {
            return Results.Forbid();
        }
        var accessToken = properties.GetTokenValue("access_token") ?? "";
        var registered = await directory.LinkTenantAsync(accessToken, tenant.Id, tenant.Name, BaseUrl(http), ct);
        if (!registered.Succeeded)
        {
            await audit.RecordAsync(tenant.Id, admin.Id, "KaseyaOne integration enable", "refused", registered.Message, ct);
            return Back(http, IntegrationPage, error: registered.Message ?? LoginMessages.For(LoginMessages.KaseyaOneFailed));
        }

        db.Set<TenantLink>().Add(new TenantLink
        {
            BmsTenantId = tenant.Id,
            K1TenantId = account.TenantId,
            K1TenantName = account.TenantName,
            LinkedByUserId = admin.Id,
            LinkedAt = clock.GetUtcNow(),
        });
        tenant.KaseyaOneEnabled = true;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another BMS tenant of this deployment won the race for this K1 tenant: nothing changes here.
            db.ChangeTracker.Clear();
            await directory.UnlinkTenantAsync(tenant.Id, ct);
            await audit.RecordAsync(tenant.Id, admin.Id, "KaseyaOne integration enable", "refused", TenantLinks.AlreadyLinkedElsewhere, ct);
            return Back(http, IntegrationPage, error: TenantLinks.AlreadyLinkedElsewhere);
        }
        await audit.RecordAsync(tenant.Id, admin.Id, "KaseyaOne integration enable", "succeeded",
            $"Connected to KaseyaOne tenant {account.TenantName}", ct);

        // The admin's own user link, when the emails match (SPEC rules 3 and 5).
        var note = "";
        if (KaseyaOneRules.EmailsMatch(account.Email, admin.Email) && await TryAddUserLinkAsync(admin, account, ct))
        {
            await RegisterUserLinkAsync(http, properties, tenant, ct);
            await audit.RecordAsync(tenant.Id, admin.Id, "KaseyaOne user link", "linked", "admin who enabled the integration", ct);
        }
        else
        {
            note = " Your own user was not linked: its email differs from the KaseyaOne account's, or that account is linked already.";
        }
        return Back(http, IntegrationPage, notice: Success + note);
    }

    private async Task<IResult> DisableTenantAsync(HttpContext http, string? initiator, Guid? tenantId)
    {
        var ct = http.RequestAborted;
        var (admin, tenant) = await CurrentAsync(http);
        if (admin is null || tenant is null || !admin.IsAdmin || tenant.Id != tenantId || initiator != admin.Id.ToString())
        {
            return Results.Forbid();
        }
        var forgotten = await directory.UnlinkTenantAsync(tenant.Id, ct);
        if (!forgotten.Succeeded)
        {
            logger.LogWarning("KaseyaOne did not confirm forgetting tenant {TenantId}: {Status}", tenant.Id, forgotten.Status);
        }
        await db.Set<TenantLink>().Where(l => l.BmsTenantId == tenant.Id).ExecuteDeleteAsync(ct);
        var removedUsers = await db.Set<UserLink>().Where(l => l.BmsTenantId == tenant.Id).ExecuteDeleteAsync(ct);
        tenant.KaseyaOneEnabled = false;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(tenant.Id, admin.Id, "KaseyaOne integration disable", "succeeded",
            $"{removedUsers} user link(s) removed", ct);
        return Back(http, IntegrationPage, notice: Success);
    }

    private async Task<IResult> LinkUserAsync(HttpContext http, KaseyaOneAccount account, AuthenticationProperties properties, Guid? tenantId)
    {
        var ct = http.RequestAborted;
        var (user, tenant) = await CurrentAsync(http);
        if (user is null || tenant is null || tenant.Id != tenantId || Get(properties.Items, UserItem) != user.Id.ToString())
        {
            return Results.Forbid();
        }
        var link = await db.Set<TenantLink>().AsNoTracking().SingleOrDefaultAsync(l => l.BmsTenantId == tenant.Id, ct);
        var refusal = KaseyaOneRules.WhoMayUse(user, tenant)
                      ?? (!KaseyaOneRules.SameKaseyaOneTenant(link, account) ? LoginMessages.KaseyaOneWrongTenant : null)
                      ?? (!KaseyaOneRules.EmailsMatch(account.Email, user.Email) ? LoginMessages.KaseyaOneEmailMismatch : null);
        if (refusal is null && !await TryAddUserLinkAsync(user, account, ct))
        {
            refusal = LoginMessages.KaseyaOneLinkedElsewhere;
        }
        if (refusal is not null)
        {
            await audit.RecordAsync(tenant.Id, user.Id, "KaseyaOne user link", "refused", refusal, ct);
            return Back(http, SettingsPage, error: LoginMessages.For(refusal));
        }
        await db.Set<KaseyaOneOptOut>().Where(o => o.BmsUserId == user.Id).ExecuteDeleteAsync(ct);
        await RegisterUserLinkAsync(http, properties, tenant, ct);
        await audit.RecordAsync(tenant.Id, user.Id, "KaseyaOne user link", "linked", $"KaseyaOne account {account.Email}", ct);
        // SPEC rule 6: back to the BMS home page.
        return Back(http, "/", notice: "Login with KaseyaOne is enabled for your user.");
    }

    /// <summary>My Settings &gt; Disable Login with KaseyaOne: the link goes, and is not re-made silently.</summary>
    public async Task<IResult> UnlinkUserAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var (user, tenant) = await CurrentAsync(http);
        if (user is null || tenant is null)
        {
            return Results.Forbid();
        }
        var link = await db.Set<UserLink>().SingleOrDefaultAsync(l => l.BmsUserId == user.Id, ct);
        if (link is not null)
        {
            db.Set<UserLink>().Remove(link);
        }
        if (!await db.Set<KaseyaOneOptOut>().AnyAsync(o => o.BmsUserId == user.Id, ct))
        {
            db.Set<KaseyaOneOptOut>().Add(new KaseyaOneOptOut { BmsUserId = user.Id, At = clock.GetUtcNow() });
        }
        await db.SaveChangesAsync(ct);
        if (link is not null)
        {
            await directory.UnlinkUserAsync(tenant.Id, link.K1Subject, ct);
        }
        await audit.RecordAsync(tenant.Id, user.Id, "KaseyaOne user link", "unlinked", null, ct);
        return Back(http, SettingsPage, notice: "Login with KaseyaOne is disabled for your user.");
    }

    // ---- Helpers ----------------------------------------------------------------------------------

    private async Task<bool> TryAddUserLinkAsync(BmsUser user, KaseyaOneAccount account, CancellationToken ct)
    {
        db.Set<UserLink>().Add(new UserLink
        {
            BmsUserId = user.Id,
            BmsTenantId = user.TenantId,
            K1Subject = account.Subject,
            LinkedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // SPEC rule 2: the K1 account, or this user, is linked already; the unique indexes decided.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Tells KaseyaOne of a user link so its My Modules lists this tenant; BMS's own link already decided.</summary>
    private async Task RegisterUserLinkAsync(HttpContext http, AuthenticationProperties properties, BmsTenant tenant, CancellationToken ct)
    {
        if (properties.GetTokenValue("access_token") is { } token)
        {
            await directory.LinkUserAsync(token, tenant.Id, tenant.Name, BaseUrl(http), ct);
        }
    }

    private async Task<IResult> RefuseAsync(Guid tenantId, Guid? userId, string code, CancellationToken ct)
    {
        await audit.RecordAsync(tenantId, userId, "KaseyaOne sign-in", "refused", code, ct);
        return LoginPage(code);
    }

    private async Task<(BmsUser? User, BmsTenant? Tenant)> CurrentAsync(HttpContext http)
    {
        var session = await http.AuthenticateAsync(BmsCookies.Session);
        if (!session.Succeeded || !Guid.TryParse(session.Principal!.FindFirst(BmsClaims.Subject)?.Value, out var userId))
        {
            return (null, null);
        }
        var user = await db.Users.Include(u => u.Tenant).SingleOrDefaultAsync(u => u.Id == userId, http.RequestAborted);
        return (user, user?.Tenant);
    }

    private async Task<BmsTenant?> TenantByNameAsync(string? company, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(company) || company.Length > 100)
        {
            return null;
        }
        var normalized = BmsTenant.Normalize(company);
        return await db.Tenants.SingleOrDefaultAsync(t => t.NormalizedName == normalized, ct);
    }

    private static string? Get(IDictionary<string, string?> items, string key) => items.TryGetValue(key, out var value) ? value : null;

    private static KaseyaOneAccount? ReadAccount(ClaimsPrincipal? principal)
    {
        var subject = principal?.FindFirst(KaseyaOneClaims.Subject)?.Value;
        var email = principal?.FindFirst(KaseyaOneClaims.Email)?.Value;
        var tenantId = principal?.FindFirst(KaseyaOneClaims.TenantId)?.Value;
        return subject is null || email is null || tenantId is null
            ? null
            : new KaseyaOneAccount(subject, email, tenantId, principal!.FindFirst(KaseyaOneClaims.TenantName)?.Value ?? "",
                principal.FindFirst(KaseyaOneClaims.SessionId)?.Value);
    }

    private static AuthenticationProperties Properties(string purpose, Guid? tenantId)
    {
        var properties = new AuthenticationProperties { RedirectUri = KaseyaOneSetup.CompletePath };
        properties.Items[PurposeItem] = purpose;
        if (tenantId is { } id)
        {
            properties.Items[TenantItem] = id.ToString();
        }
        return properties;
    }

    private static IResult Challenge(string purpose, Guid tenantId) =>
        Results.Challenge(Properties(purpose, tenantId), [KaseyaOneSetup.Scheme]);

    private static IResult LoginPage(string code) => Results.Redirect("/Accounts/Login?message=" + Uri.EscapeDataString(code));

    private IResult Back(HttpContext http, string page, string? notice = null, string? error = null)
    {
        var data = tempData.GetTempData(http);
        if (notice is not null)
        {
            data[NoticeKey] = notice;
        }
        if (error is not null)
        {
            data[ErrorKey] = error;
        }
        data.Save();
        return Results.LocalRedirect(page);
    }

    /// <summary>This BMS's base URL as KaseyaOne should link to it.</summary>
    private string BaseUrl(HttpContext http) =>
        options.Value.PublicUrl?.AbsoluteUri ?? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/";

    /// <summary>
    /// A page of this BMS as a local path, or null: landing pages and launch targets must stay inside
    /// BMS's own origin, so KaseyaOne's settings can never turn BMS into an open redirector.
    /// </summary>
    public string? OwnPage(HttpContext http, string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }
        var own = new Uri(BaseUrl(http));
        // Same origin is not enough: http://bms//evil has the path //evil, which a browser reads as another host.
        return Uri.Compare(uri, own, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
               && LocalUrl.IsLocal(uri.PathAndQuery)
            ? uri.PathAndQuery
            : null;
    }
}

/// <summary>The words of SPEC rule 2, shown when KaseyaOne or this database refuses a second link.</summary>
public static class TenantLinks
{
    public const string AlreadyLinkedElsewhere =
        "This KaseyaOne tenant is already connected to another BMS tenant. You can only connect one BMS tenant to one KaseyaOne tenant at a time.";
}
