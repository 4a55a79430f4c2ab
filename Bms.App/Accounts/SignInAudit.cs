using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.Accounts;

/// <summary>BMS keeps every refused or failed sign-in and every lockout in its tenant's audit log (Admin &gt; Audit).</summary>
public sealed class SignInAudit(AuditLog audit) : ISignInEvents<BmsUser>
{
    public Task FailedAsync(BmsUser user, string channel, string reason, CancellationToken ct) =>
        audit.RecordAsync(user.TenantId, user.Id, AuditActions.SignIn, AuditOutcomes.Failed, $"{channel}: {reason}", ct);

    public Task LockedOutAsync(BmsUser user, DateTimeOffset until, CancellationToken ct) =>
        audit.RecordAsync(user.TenantId, user.Id, AuditActions.Lockout, AuditOutcomes.Refused, $"locked until {until:u}", ct);

    public Task RefusedAsync(BmsUser user, string channel, string reason, CancellationToken ct) =>
        audit.RecordAsync(user.TenantId, user.Id, AuditActions.SignIn, AuditOutcomes.Refused, $"{channel}: {reason}", ct);
}
