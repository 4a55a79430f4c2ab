using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SsoSuite.Shared.Accounts;

/// <summary>
/// The sign-in state an account carries in either app (<see cref="ISignInAccount"/>), declared once: a KaseyaOne
/// account and a BMS user derive from it and map these columns with their own names and tables.
/// </summary>
public abstract class SignInAccountState : ISignInAccount
{
    /// <summary>The longest display name the account tables hold.</summary>
    public const int DisplayNameMaxLength = 200;

    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>The company: an account signs in with company + username, unique together.</summary>
    public Guid TenantId { get; set; }
    public required string UserName { get; set; }
    /// <summary><see cref="UserName"/> as <see cref="Normalize"/> makes it, for the case-insensitive lookup.</summary>
    public required string NormalizedUserName { get; set; }
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
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

    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();
}

public static class SignInAccountConfiguration
{
    /// <summary>The account's table, with the columns of its name and the one account per company + username.</summary>
    public static EntityTypeBuilder<TAccount> ToAccountTable<TAccount>(this EntityTypeBuilder<TAccount> e, string table)
        where TAccount : SignInAccountState
    {
        e.ToTable(table);
        e.Property(a => a.UserName).HasMaxLength(100);
        e.Property(a => a.NormalizedUserName).HasMaxLength(100);
        e.Property(a => a.Email).HasMaxLength(256);
        e.Property(a => a.DisplayName).HasMaxLength(SignInAccountState.DisplayNameMaxLength);
        e.HasIndex(a => new { a.TenantId, a.NormalizedUserName }).IsUnique();
        return e;
    }
}
