using SsoSuite.Identity.Accounts;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Identity.Audit;

/// <summary>KaseyaOne keeps every failed or refused sign-in and every lockout in its tenant's audit (Admin Settings &gt; Audit).</summary>
public sealed class SignInAudit(KaseyaOneAudit audit) : ISignInEvents<K1Account>
{
    public Task FailedAsync(K1Account account, string channel, string reason, CancellationToken ct) =>
        audit.RecordAsync(account.TenantId, account.Id, AuditActions.SignIn, AuditOutcomes.Failed, $"{channel}: {reason}", ct: ct);

    public Task LockedOutAsync(K1Account account, DateTimeOffset until, CancellationToken ct) =>
        audit.RecordAsync(account.TenantId, account.Id, AuditActions.Lockout, AuditOutcomes.Refused, $"locked until {until:u}", ct: ct);

    public Task RefusedAsync(K1Account account, string channel, string reason, CancellationToken ct) =>
        audit.RecordAsync(account.TenantId, account.Id, AuditActions.SignIn, AuditOutcomes.Refused, $"{channel}: {reason}", ct: ct);
}
