using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.TenantLinks;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>How enabling the integration ended: connected (and whether the admin's own user was linked too), or refused.</summary>
public sealed record TenantConnectOutcome(bool OwnUserLinked, string? Refusal)
{
    public bool Succeeded => Refusal is null;
}

/// <summary>
/// SPEC rule 5: a BMS tenant connected to a KaseyaOne tenant, or no longer. The integration is on exactly while BMS
/// holds the tenant's <see cref="TenantLink"/>; KaseyaOne keeps its own record of the link (for My Modules and for
/// rule 2 across every BMS deployment) and is told of every change.
/// </summary>
public sealed class TenantConnection(
    BmsDbContext db, KaseyaOneDirectory directory, UserLinking userLinks, AuditLog audit, BmsSessionStore sessions, TimeProvider clock,
    ILogger<TenantConnection> logger)
{
    /// <summary>Connects the admin's tenant to the K1 tenant of the account the admin just signed in with.</summary>
    public async Task<TenantConnectOutcome> ConnectAsync(BmsUser admin, KaseyaOneAccount account, string? accessToken, string baseUrl, CancellationToken ct)
    {
        var tenant = admin.Tenant;
        // KaseyaOne first: it enforces rule 2 across every BMS deployment, this database only within this one.
        var registered = await directory.LinkTenantAsync(accessToken ?? "", tenant.Id, tenant.Name, baseUrl, ct);
        if (!registered.Succeeded)
        {
            var message = registered.Message ?? KaseyaOneMessages.Text(KaseyaOneRefusal.Failed);
            await audit.RecordAsync(tenant.Id, admin.Id, KaseyaOneAudit.Enable, AuditOutcomes.Refused, registered.Message, ct);
            return new TenantConnectOutcome(false, message);
        }

        db.Set<TenantLink>().Add(new TenantLink
        {
            BmsTenantId = tenant.Id,
            K1TenantId = account.TenantId,
            K1TenantName = account.TenantName,
            LinkedByUserId = admin.Id,
            LinkedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique indexes decided a race (rule 2): see who won.
            db.ChangeTracker.Clear();
            var winner = await db.Set<TenantLink>().AsNoTracking().SingleOrDefaultAsync(l => l.BmsTenantId == tenant.Id, ct);
            if (winner is null)
            {
                // Another BMS tenant of this deployment holds this K1 tenant: nothing changes here, and KaseyaOne forgets
                // the record it just made for this BMS tenant.
                await directory.UnlinkTenantAsync(tenant.Id, ct);
                await audit.RecordAsync(tenant.Id, admin.Id, KaseyaOneAudit.Enable, AuditOutcomes.Refused, TenantLinkContract.AlreadyLinkedElsewhere, ct);
                return new TenantConnectOutcome(false, TenantLinkContract.AlreadyLinkedElsewhere);
            }
            if (winner.K1TenantId != account.TenantId)
            {
                // Another admin of this tenant connected it to another K1 tenant first. KaseyaOne's record of this BMS
                // tenant is theirs, so it stays.
                await audit.RecordAsync(tenant.Id, admin.Id, KaseyaOneAudit.Enable, AuditOutcomes.Refused, TenantLinkContract.BmsTenantLinkedElsewhere, ct);
                return new TenantConnectOutcome(false, TenantLinkContract.BmsTenantLinkedElsewhere);
            }
            // Another admin of this tenant connected it to this same K1 tenant at the same moment (two tabs, two
            // colleagues): it is connected as this admin asked, and KaseyaOne's record, the same one, stays.
        }
        await audit.RecordAsync(tenant.Id, admin.Id, KaseyaOneAudit.Enable, AuditOutcomes.Succeeded, $"Connected to KaseyaOne tenant {account.TenantName}", ct);

        // The admin's own user link, when the emails match (SPEC rules 3 and 5). This is not a silent link (rule 6): the
        // admin asked for it, signed in to BMS and to KaseyaOne in this very journey, so they proved both accounts;
        // their later sign-ins with KaseyaOne still need KaseyaOne to vouch for the email (rule 16).
        if (KaseyaOneRules.EmailsMatch(account.Email, admin.Email) && await userLinks.TryAddAsync(admin, account, accessToken, baseUrl, ct))
        {
            await audit.RecordAsync(tenant.Id, admin.Id, KaseyaOneAudit.UserLink, KaseyaOneAudit.Linked, "admin who enabled the integration", ct);
            return new TenantConnectOutcome(true, null);
        }
        return new TenantConnectOutcome(false, null);
    }

    /// <summary>
    /// Disconnects the tenant: KaseyaOne forgets its link (with BMS's own client credentials, so this never depends on
    /// a KaseyaOne session), and BMS removes the tenant link and every user link of the tenant. Refused, with nothing
    /// changed, when KaseyaOne cannot be reached: disconnecting here alone would leave KaseyaOne holding the K1 tenant
    /// for this BMS tenant, and no other BMS tenant could connect it (rule 2). When KaseyaOne answers but does not
    /// confirm (an error of its own), BMS still disconnects, since the admin asked for sign-ins through KaseyaOne to
    /// stop and only BMS can stop them, and the admin is told that KaseyaOne may still hold the link (turning the
    /// integration on and off again asks it once more). Every session of the tenant signed in through KaseyaOne ends but
    /// <paramref name="keptSessionId"/>, the admin's own: KaseyaOne no longer vouches for them.
    /// </summary>
    public async Task<TenantDisconnectOutcome> DisconnectAsync(BmsUser admin, string? keptSessionId, CancellationToken ct)
    {
        var tenantId = admin.TenantId;
        var forgotten = await directory.UnlinkTenantAsync(tenantId, ct);
        if (forgotten.KaseyaOneUnreachable)
        {
            await audit.RecordAsync(tenantId, admin.Id, KaseyaOneAudit.Disable, AuditOutcomes.Refused, "KaseyaOne unreachable", ct);
            return TenantDisconnectOutcome.Refused;
        }
        if (!forgotten.Succeeded)
        {
            logger.LogWarning("KaseyaOne did not confirm forgetting tenant {TenantId}: {Status}", tenantId, forgotten.Status);
        }
        await db.Set<TenantLink>().Where(l => l.BmsTenantId == tenantId).ExecuteDeleteAsync(ct);
        var removedUsers = await db.Set<UserLink>().Where(l => l.BmsTenantId == tenantId).ExecuteDeleteAsync(ct);
        var endedSessions = await sessions.EndKaseyaOneSessionsAsync(userId: null, tenantId, keptSessionId, ct);
        await audit.RecordAsync(tenantId, admin.Id, KaseyaOneAudit.Disable, AuditOutcomes.Succeeded,
            $"{removedUsers} user link(s) removed, {endedSessions} KaseyaOne session(s) ended"
            + (forgotten.Succeeded ? "" : $"; KaseyaOne did not confirm forgetting the tenant (it answered {(int)forgotten.Status})"), ct);
        return forgotten.Succeeded ? TenantDisconnectOutcome.Disconnected : TenantDisconnectOutcome.DisconnectedHereOnly;
    }
}

/// <summary>How a tenant's Disable ended (<see cref="TenantConnection.DisconnectAsync"/>).</summary>
public enum TenantDisconnectOutcome
{
    /// <summary>KaseyaOne could not be reached: nothing changed.</summary>
    Refused,
    /// <summary>Disconnected on both sides.</summary>
    Disconnected,
    /// <summary>Disconnected in BMS; KaseyaOne answered without confirming that it forgot the link.</summary>
    DisconnectedHereOnly,
}
