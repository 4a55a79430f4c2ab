namespace SsoSuite.Shared.Accounts;

/// <summary>
/// The sign-in state an account carries in either app (<see cref="ISignInAccount"/>), declared once: a KaseyaOne
/// account and a BMS user derive from it and map these columns with their own names and tables.
/// </summary>
public abstract class SignInAccountState : ISignInAccount
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public bool IsActive { get; set; } = true;
    public string PasswordHash { get; set; } = "";

    /// <summary>The confirmed authenticator secret, protected; null while there is none.</summary>
    public string? TotpSecret { get; set; }
    /// <summary>The RFC 6238 time step of the last accepted code: older or equal steps are replays.</summary>
    public long LastTotpStep { get; set; }

    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockoutEnd { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// An administrator chose the password (SPEC rule 15): the owner chooses their own at the next sign-in, so the
    /// administrator never knows a password in use.
    /// </summary>
    public bool MustChangePassword { get; set; }
}
