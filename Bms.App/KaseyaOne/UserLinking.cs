using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// A BMS user's link to a KaseyaOne account (SPEC rules 2 and 6): made by My Settings' round trip, by the first
/// KaseyaOne sign-in of a matching user, or for the admin who enabled the integration; removed by My Settings.
/// </summary>
public sealed class UserLinking(BmsDbContext db, KaseyaOneDirectory directory, AuditLog audit, BmsSessionStore sessions, TimeProvider clock)
{
    /// <summary>Rule 4 before the round trip: only a user who may sign in with KaseyaOne is sent there to link.</summary>
    public async Task<KaseyaOneRefusal?> RefusalBeforeLinkingAsync(BmsUser user, CancellationToken ct) =>
        KaseyaOneRules.WhoMayUse(user, await db.Set<TenantLink>().AsNoTracking().SingleOrDefaultAsync(l => l.BmsTenantId == user.TenantId, ct));

    /// <summary>My Settings &gt; Enable Login with KaseyaOne, back from KaseyaOne: the link, or why not.</summary>
    public async Task<KaseyaOneRefusal?> LinkAsync(BmsUser user, KaseyaOneAccount account, string? accessToken, string baseUrl, CancellationToken ct)
    {
        var link = await db.Set<TenantLink>().AsNoTracking().SingleOrDefaultAsync(l => l.BmsTenantId == user.TenantId, ct);
        var refusal = KaseyaOneRules.WhoMayUse(user, link)
                      ?? (!KaseyaOneRules.SameKaseyaOneTenant(link, account) ? KaseyaOneRefusal.WrongTenant : (KaseyaOneRefusal?)null)
                      ?? KaseyaOneRules.EmailTrusted(account)
                      ?? (!KaseyaOneRules.EmailsMatch(account.Email, user.Email) ? KaseyaOneRefusal.EmailMismatch : (KaseyaOneRefusal?)null);
        if (refusal is null && !await TryAddAsync(user, account, accessToken, baseUrl, ct))
        {
            // Which side of rule 2 refused: an Enable from a page opened before this user's link was made (another tab)
            // meets the user's own link, not another user's.
            refusal = await IsLinkedAsync(user, ct) ? KaseyaOneRefusal.UserLinkedElsewhere : KaseyaOneRefusal.LinkedElsewhere;
        }
        if (refusal is { } refused)
        {
            await audit.RecordAsync(user.TenantId, user.Id, KaseyaOneAudit.UserLink, AuditOutcomes.Refused, KaseyaOneMessages.Code(refused), ct);
            return refused;
        }
        // Enabling it again undoes an earlier opt-out: the user asked for it.
        await db.Set<KaseyaOneOptOut>().Where(o => o.BmsUserId == user.Id).ExecuteDeleteAsync(ct);
        await audit.RecordAsync(user.TenantId, user.Id, KaseyaOneAudit.UserLink, KaseyaOneAudit.Linked, $"KaseyaOne account {account.Email}", ct);
        return null;
    }

    /// <summary>
    /// Whether Log in with KaseyaOne with <paramref name="account"/> would let <paramref name="user"/> in now, by the
    /// sign-in's own rules (<see cref="KaseyaOneRules.Decide"/>: rules 2-4, 6 and 16) for the account linked to this user;
    /// null when it would. An account not linked to this user is refused (NotLinked): nothing is linked here.
    /// </summary>
    public async Task<KaseyaOneRefusal?> SignInRefusalAsync(BmsUser user, KaseyaOneAccount account, CancellationToken ct)
    {
        var link = await db.Set<TenantLink>().AsNoTracking().SingleOrDefaultAsync(l => l.BmsTenantId == user.TenantId, ct);
        var linked = await db.Set<UserLink>().AnyAsync(l => l.BmsUserId == user.Id && l.K1Subject == account.Subject, ct);
        return KaseyaOneRules.Decide(link, account, linked ? user : null, sameEmailUser: null, sameUserNameUser: null,
            sameEmailUserOptedOut: false).Refusal;
    }

    /// <summary>Whether the user has a KaseyaOne link (to whichever account).</summary>
    public Task<bool> IsLinkedAsync(BmsUser user, CancellationToken ct) =>
        db.Set<UserLink>().AnyAsync(l => l.BmsUserId == user.Id, ct);

    /// <summary>
    /// My Settings &gt; Disable Login with KaseyaOne: the link goes, on both sides, and is not re-made silently at sign-in
    /// (rule 6). The user's other sessions signed in through KaseyaOne end (a user who suspects their KaseyaOne account is
    /// in other hands disables it); <paramref name="keptSessionId"/>, the browser that disabled it, stays signed in.
    /// Null when done; otherwise what My Settings says, and nothing changed on either side.
    /// </summary>
    public async Task<string?> UnlinkAsync(BmsUser user, string? keptSessionId, CancellationToken ct)
    {
        var link = await db.Set<UserLink>().AsNoTracking().SingleOrDefaultAsync(l => l.BmsUserId == user.Id, ct);
        if (link is not null)
        {
            // KaseyaOne first, as the tenant's Disable does (TenantConnection.DisconnectAsync): KaseyaOne keeps its own record
            // of the link (its My Modules, and rule 2 across every BMS deployment, read it) and nothing retries a removal it
            // missed, so BMS never removes its link alone. The README: when KaseyaOne cannot be reached, My Settings says
            // "KaseyaOne could not be reached, so nothing was changed" and nothing is stored. Any other failure (KaseyaOne
            // answers the removal, which is idempotent, with an error) leaves the two sides as they were in the same way.
            var forgotten = await directory.UnlinkUserAsync(user.TenantId, link.K1Subject, ct);
            if (!forgotten.Succeeded)
            {
                await audit.RecordAsync(user.TenantId, user.Id, KaseyaOneAudit.UserLink, AuditOutcomes.Refused,
                    forgotten.KaseyaOneUnreachable ? "KaseyaOne unreachable" : $"KaseyaOne answered {(int)forgotten.Status}", ct);
                return forgotten.KaseyaOneUnreachable ? KaseyaOneMessages.Text(KaseyaOneRefusal.Unreachable) : KaseyaOneMessages.UnlinkNotConfirmed;
            }
            // Disable clicked twice at once (two tabs, a double submit) ends as one click does: KaseyaOne's removal is
            // idempotent, the link goes by its id, and a concurrent request's opt-out is this one's too.
            await db.Set<UserLink>().Where(l => l.Id == link.Id).ExecuteDeleteAsync(ct);
        }
        if (!await db.Set<KaseyaOneOptOut>().AnyAsync(o => o.BmsUserId == user.Id, ct))
        {
            db.Set<KaseyaOneOptOut>().Add(new KaseyaOneOptOut { BmsUserId = user.Id, At = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }
        }
        await sessions.EndKaseyaOneSessionsAsync(user.Id, tenantId: null, keptSessionId, ct);
        await audit.RecordAsync(user.TenantId, user.Id, KaseyaOneAudit.UserLink, KaseyaOneAudit.Unlinked, null, ct);
        return null;
    }

    /// <summary>
    /// Links the user to the account unless either is linked already (SPEC rule 2: the unique indexes decide, so
    /// concurrent attempts cannot both win), then tells KaseyaOne so its My Modules lists this tenant. This BMS's
    /// store decides for its own users; KaseyaOne decides across every BMS deployment (a KaseyaOne account links to
    /// one BMS user anywhere): when it refuses, the link just made here is undone and false returned.
    /// </summary>
    public async Task<bool> TryAddAsync(BmsUser user, KaseyaOneAccount account, string? accessToken, string baseUrl, CancellationToken ct)
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
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // The very link asked for, made by a concurrent round trip of the same user (two tabs, a double submit) that
            // has told KaseyaOne too: the user has what they asked for. Any other link refuses (rule 2).
            return await db.Set<UserLink>().AnyAsync(l => l.BmsUserId == user.Id && l.K1Subject == account.Subject, ct);
        }
        if (accessToken is null
            || (await directory.LinkUserAsync(accessToken, user.TenantId, user.Tenant.Name, baseUrl, ct)).Status != HttpStatusCode.Conflict)
        {
            return true;
        }
        await db.Set<UserLink>().Where(l => l.BmsUserId == user.Id).ExecuteDeleteAsync(ct);
        return false;
    }
}
