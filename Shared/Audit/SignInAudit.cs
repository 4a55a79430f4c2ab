using SsoSuite.Shared.Accounts;

namespace SsoSuite.Shared.Audit;

/// <summary>An app's audit trail as the sign-in core writes to it: lines about one account of a tenant.</summary>
public interface IAccountAuditTrail
{
    Task RecordAboutAccountAsync(Guid tenantId, Guid accountId, string action, string outcome, string detail, CancellationToken ct);
}

/// <summary>The sign-in core's actions, in the words both apps' Admin &gt; Audit shows.</summary>
public static class SignInAuditActions
{
    public const string SignIn = "Sign-in";
    public const string Lockout = "Lockout";
}

/// <summary>Every failed or refused sign-in and every lockout, kept in the account's tenant's audit trail.</summary>
public sealed class SignInAudit<TAccount, TTrail>(TTrail trail) : ISignInEvents<TAccount>
    where TAccount : SignInAccountState where TTrail : IAccountAuditTrail
{
    public Task FailedAsync(TAccount account, string channel, string reason, CancellationToken ct) =>
        trail.RecordAboutAccountAsync(account.TenantId, account.Id, SignInAuditActions.SignIn, AuditOutcomes.Failed, $"{channel}: {reason}", ct);

    public Task LockedOutAsync(TAccount account, DateTimeOffset until, CancellationToken ct) =>
        trail.RecordAboutAccountAsync(account.TenantId, account.Id, SignInAuditActions.Lockout, AuditOutcomes.Refused, $"locked until {until:u}", ct);

    public Task RefusedAsync(TAccount account, string channel, string reason, CancellationToken ct) =>
        trail.RecordAboutAccountAsync(account.TenantId, account.Id, SignInAuditActions.SignIn, AuditOutcomes.Refused, $"{channel}: {reason}", ct);
}
