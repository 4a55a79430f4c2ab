using SsoSuite.Identity.Data;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Identity.Audit;

/// <summary>Writes KaseyaOne's audit trail (read on Admin Settings &gt; Audit).</summary>
public sealed class KaseyaOneAudit(IdentityDbContext db, TimeProvider clock) : AuditTrail<AuditEntry>(db, clock), IAccountAuditTrail
{
    public Task RecordAboutAccountAsync(Guid tenantId, Guid accountId, string action, string outcome, string detail, CancellationToken ct) =>
        RecordAsync(tenantId, accountId, action, outcome, detail, ct: ct);

    /// <summary>Adds a line to the pending changes: it commits with the change it describes, or not at all.</summary>
    public void Add(Guid tenantId, Guid? accountId, string action, string outcome, string? detail = null, Guid? actorId = null)
    {
        var line = AddLine(tenantId, action, outcome, detail);
        line.AccountId = accountId;
        line.ActorId = actorId;
    }

    /// <summary>A line of its own, written now (a refusal writes nothing else).</summary>
    public async Task RecordAsync(Guid tenantId, Guid? accountId, string action, string outcome, string? detail = null,
        Guid? actorId = null, CancellationToken ct = default)
    {
        Add(tenantId, accountId, action, outcome, detail, actorId);
        await Store.SaveChangesAsync(ct);
    }
}
