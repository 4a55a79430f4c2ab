namespace SsoSuite.Shared.Accounts;

/// <summary>
/// What the sign-in core tells the app it runs in, so that each app records what it records (BMS writes
/// its audit log). Every implementation registered for the account type is called, in order.
/// </summary>
public interface ISignInEvents<in TAccount> where TAccount : ISignInAccount
{
    /// <summary>A wrong password or code was counted.</summary>
    Task FailedAsync(TAccount account, string channel, string reason, CancellationToken ct);

    /// <summary>That failure reached the limit: the account is locked until <paramref name="until"/>.</summary>
    Task LockedOutAsync(TAccount account, DateTimeOffset until, CancellationToken ct);

    /// <summary>A right password that does not sign in: the account is locked out or inactive.</summary>
    Task RefusedAsync(TAccount account, string channel, string reason, CancellationToken ct);
}
