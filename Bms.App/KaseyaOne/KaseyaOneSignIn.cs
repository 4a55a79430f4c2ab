using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>Who a KaseyaOne sign-in lets in: the user (with tenant), or why nobody.</summary>
public sealed record SignInOutcome(KaseyaOneRefusal? Refusal, BmsUser? User);

/// <summary>
/// Decides a sign-in with KaseyaOne (SPEC rules 2, 3, 4, 6, 10): finds the BMS tenant and the candidate users, asks
/// <see cref="KaseyaOneRules.Decide"/>, makes the SSO v2 link when the rules say so, and audits the outcome.
/// </summary>
public sealed class KaseyaOneSignIn(BmsDbContext db, UserLinking links, AuditLog audit, ILogger<KaseyaOneSignIn> logger)
{
    public async Task<SignInOutcome> DecideAsync(KaseyaOneReturn back, string baseUrl, CancellationToken ct)
    {
        var account = back.Account;
        var anyLink = await db.Set<UserLink>().AsNoTracking().SingleOrDefaultAsync(l => l.K1Subject == account.Subject, ct);
        // Which BMS tenant: the one chosen (login page, launch), else the account's link, else the K1 tenant's link.
        var tenantId = back.State.TenantId
                       ?? anyLink?.BmsTenantId
                       ?? await db.Set<TenantLink>().Where(l => l.K1TenantId == account.TenantId).Select(l => (Guid?)l.BmsTenantId).SingleOrDefaultAsync(ct);
        var tenant = tenantId is null ? null : await db.Tenants.SingleOrDefaultAsync(x => x.Id == tenantId, ct);
        if (tenant is null)
        {
            logger.LogWarning("KaseyaOne sign-in refused: no BMS tenant for K1 tenant {K1Tenant}", account.TenantId);
            return new SignInOutcome(KaseyaOneRefusal.WrongTenant, null);
        }
        if (anyLink is not null && anyLink.BmsTenantId != tenant.Id)
        {
            return await RefuseAsync(tenant.Id, null, KaseyaOneRefusal.LinkedElsewhere, ct);
        }
        var link = await db.Set<TenantLink>().AsNoTracking().SingleOrDefaultAsync(l => l.BmsTenantId == tenant.Id, ct);
        var users = db.Users.Include(u => u.Tenant).Where(u => u.TenantId == tenant.Id);
        var linkedUser = anyLink is null ? null : await users.SingleOrDefaultAsync(u => u.Id == anyLink.BmsUserId, ct);
        var byEmail = (await SameEmail(users, account.Email).Take(10).ToListAsync(ct))
            .Where(u => KaseyaOneRules.EmailsMatch(account.Email, u.Email)).Take(2).ToList();
        var sameEmailUser = byEmail.Count == 1 ? byEmail[0] : null;
        var userName = back.Principal.FindFirst("preferred_username")?.Value;
        var sameUserName = userName is null ? null
            : await users.SingleOrDefaultAsync(u => u.NormalizedUserName == BmsUser.Normalize(userName), ct);
        var optedOut = sameEmailUser is not null
                       && await db.Set<KaseyaOneOptOut>().AnyAsync(o => o.BmsUserId == sameEmailUser.Id, ct);

        var decision = KaseyaOneRules.Decide(link, account, linkedUser, sameEmailUser, sameUserName, optedOut);
        if (decision.Refusal is { } refusal)
        {
            // The audit line names the BMS user the account is tied to (its link, its email, its user name), except when the
            // refusal says the account is not this tenant's (anyone of any KaseyaOne tenant can send the browser here with
            // this tenant's name): a user of the same name here would be named for someone else's attempt. An address
            // KaseyaOne does not vouch for (rule 16) ties the account to nobody but a user it is already linked to.
            var concerns = refusal switch
            {
                KaseyaOneRefusal.WrongTenant or KaseyaOneRefusal.IntegrationOff or KaseyaOneRefusal.LinkedElsewhere => null,
                KaseyaOneRefusal.EmailNotVerified => linkedUser?.Id,
                _ => (linkedUser ?? sameEmailUser ?? sameUserName)?.Id,
            };
            return await RefuseAsync(tenant.Id, concerns, refusal, ct);
        }
        var user = decision.User!;
        if (decision.CreateLink)
        {
            // SSO v2: the first KaseyaOne sign-in of a user whose emails match links them.
            if (!await links.TryAddAsync(user, account, back.AccessToken, baseUrl, ct))
            {
                return await RefuseAsync(tenant.Id, user.Id, KaseyaOneRefusal.LinkedElsewhere, ct);
            }
            await audit.RecordAsync(tenant.Id, user.Id, KaseyaOneAudit.UserLink, KaseyaOneAudit.Linked, "first KaseyaOne sign-in, emails match", ct);
        }
        await audit.RecordAsync(tenant.Id, user.Id, KaseyaOneAudit.SignIn, AuditOutcomes.Succeeded, $"KaseyaOne account {account.Email}", ct);
        return new SignInOutcome(null, user);
    }

    /// <summary>
    /// The users whose email may be <paramref name="email"/> (SPEC rule 3), found in the database on either provider, in
    /// a fixed order: the email itself, or its lower case against the column's (LIKE would ignore case on SQLite only,
    /// and read <c>_</c> and <c>%</c> in an address as wildcards). <see cref="KaseyaOneRules.EmailsMatch"/> decides.
    /// </summary>
    public static IQueryable<BmsUser> SameEmail(IQueryable<BmsUser> users, string email)
    {
        var trimmed = email.Trim();
        var lower = trimmed.ToLowerInvariant();
#pragma warning disable CA1862 // EF Core translates ToLower() to SQL lower(); a StringComparison has no translation.
        return users.Where(u => u.Email == trimmed || u.Email.ToLower() == lower).OrderBy(u => u.Id);
#pragma warning restore CA1862
    }

    private async Task<SignInOutcome> RefuseAsync(Guid tenantId, Guid? userId, KaseyaOneRefusal refusal, CancellationToken ct)
    {
        await audit.RecordAsync(tenantId, userId, KaseyaOneAudit.SignIn, AuditOutcomes.Refused, KaseyaOneMessages.Code(refusal), ct);
        return new SignInOutcome(refusal, null);
    }
}
