using Microsoft.EntityFrameworkCore;

namespace SsoSuite.Shared.Audit;

/// <summary>Writes an app's audit trail: each app's trail says who a line is about and when it is saved.</summary>
public abstract class AuditTrail<TLine>(DbContext store, TimeProvider clock) where TLine : AuditLine, new()
{
    protected DbContext Store => store;

    /// <summary>Adds a line, stamped now, to the store's pending changes.</summary>
    protected TLine AddLine(Guid tenantId, string action, string outcome, string? detail)
    {
        var line = new TLine
        {
            At = clock.GetUtcNow(),
            TenantId = tenantId,
            Action = action,
            Outcome = outcome,
            // A detail may quote outside input (a rejected value, a remote error): it never outgrows its column.
            Detail = AuditLine.Shorten(detail, AuditLine.DetailMaxLength),
        };
        store.Add(line);
        return line;
    }
}
