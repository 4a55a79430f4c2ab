using SsoSuite.Identity.Data;

namespace SsoSuite.Identity.Audit;

/// <summary>Writes KaseyaOne's audit trail (read on Admin Settings &gt; Audit).</summary>
public sealed class KaseyaOneAudit(IdentityDbContext db, TimeProvider clock)
{
    /// <summary>Adds a line to the pending changes: it commits with the change it describes, or not at all.</summary>
    public void Add(Guid tenantId, Guid? accountId, string action, string outcome, string? detail = null, Guid? actorId = null) =>
        db.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            TenantId = tenantId,
            AccountId = accountId,
            ActorId = actorId,
            Action = action,
            Outcome = outcome,
            Detail = detail is { Length: > 1000 } ? detail[..1000] : detail,
        });

    /// <summary>A line of its own, written now (a refusal writes nothing else).</summary>
    public async Task RecordAsync(Guid tenantId, Guid? accountId, string action, string outcome, string? detail = null,
        Guid? actorId = null, CancellationToken ct = default)
    {
        Add(tenantId, accountId, action, outcome, detail, actorId);
        await db.SaveChangesAsync(ct);
    }
}
