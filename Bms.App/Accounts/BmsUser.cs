using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Bms.Accounts;

/// <summary>The kinds of BMS user. Only employees work in BMS itself; the others have narrower doors.</summary>
public enum BmsUserType
{
    /// <summary>A member of the MSP's staff.</summary>
    Employee,
    /// <summary>A customer's contact who uses the client portal.</summary>
    ClientPortal,
    /// <summary>A service account for integrations; it cannot configure MFA (seed 000).</summary>
    Api,
}

/// <summary>
/// A BMS user: company + username (unique together), email, display name, user type, admin flag,
/// active flag, the password hash and the TOTP secret (protected with Data Protection, never in clear).
/// </summary>
public sealed class BmsUser : ISignInAccount
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public BmsTenant Tenant { get; set; } = null!;
    public required string UserName { get; set; }
    public required string NormalizedUserName { get; set; }
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    public BmsUserType UserType { get; set; } = BmsUserType.Employee;
    public bool IsAdmin { get; set; }
    public bool IsActive { get; set; } = true;
    public string PasswordHash { get; set; } = "";

    /// <summary>The confirmed authenticator secret, protected; null while MFA is not configured.</summary>
    public string? TotpSecret { get; set; }
    /// <summary>The RFC 6238 time step of the last accepted code: older or equal steps are replays.</summary>
    public long LastTotpStep { get; set; }

    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockoutEnd { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>An administrator chose the password: the user chooses their own at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>My Settings: how many tickets a list page shows.</summary>
    public int TicketsPerPage { get; set; } = 25;

    public bool MfaConfigured => TotpSecret is not null;

    /// <summary>Only Api users cannot configure MFA (seed 000: OTP tokens are not generated on API users).</summary>
    public bool MayConfigureMfa => UserType != BmsUserType.Api;

    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();
}

internal sealed class BmsUserConfiguration : IEntityTypeConfiguration<BmsUser>
{
    public void Configure(EntityTypeBuilder<BmsUser> e)
    {
        e.ToTable("Users");
        e.Property(u => u.UserName).HasMaxLength(100);
        e.Property(u => u.NormalizedUserName).HasMaxLength(100);
        e.Property(u => u.Email).HasMaxLength(256);
        e.Property(u => u.DisplayName).HasMaxLength(200);
        e.Property(u => u.UserType).HasConversion<string>().HasMaxLength(20);
        e.Property(u => u.TicketsPerPage).HasDefaultValue(25);
        e.HasIndex(u => new { u.TenantId, u.NormalizedUserName }).IsUnique();
        e.HasOne(u => u.Tenant).WithMany(t => t.Users).HasForeignKey(u => u.TenantId);
        e.Ignore(u => u.MfaConfigured);
        e.Ignore(u => u.MayConfigureMfa);
    }
}
