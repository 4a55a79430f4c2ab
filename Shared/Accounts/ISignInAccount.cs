namespace SsoSuite.Shared.Accounts;

/// <summary>
/// What the sign-in core needs of an account, whichever app owns it: a KaseyaOne account and a BMS user
/// both implement it. The core reads and writes these columns only through <c>EF.Property</c> by name, so
/// each implementing entity keeps these exact property names.
/// </summary>
public interface ISignInAccount
{
    Guid Id { get; }
    bool IsActive { get; }
    string PasswordHash { get; set; }

    /// <summary>Wrong passwords or codes in a row; reset by a success and when a lockout starts.</summary>
    int FailedSignIns { get; set; }
    DateTimeOffset? LockoutEnd { get; set; }

    /// <summary>The confirmed authenticator secret, protected with Data Protection; null while there is none.</summary>
    string? TotpSecret { get; set; }
    /// <summary>The RFC 6238 time step of the last accepted code: older or equal steps are replays.</summary>
    long LastTotpStep { get; set; }

    /// <summary>Set when an administrator chose the password: the owner must choose their own at the next sign-in.</summary>
    bool MustChangePassword { get; set; }
}
