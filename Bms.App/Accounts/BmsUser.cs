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
public sealed class BmsUser : SignInAccountState
{
    /// <summary>The longest first or last name the table holds.</summary>
    public const int NameMaxLength = 100;

    public BmsTenant Tenant { get; set; } = null!;
    /// <summary>First and last name as an admin entered them (Home &gt; Employees); <see cref="DisplayName"/> joins them.</summary>
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public BmsUserType UserType { get; set; } = BmsUserType.Employee;
    public bool IsAdmin { get; set; }

    /// <summary>My Settings: how many tickets a list page shows.</summary>
    public int TicketsPerPage { get; set; } = 25;

    public bool MfaConfigured => TotpSecret is not null;

    /// <summary>Only Api users cannot configure MFA (seed 000: OTP tokens are not generated on API users).</summary>
    public bool MayConfigureMfa => UserType != BmsUserType.Api;
}

internal sealed class BmsUserConfiguration : IEntityTypeConfiguration<BmsUser>
{
    public void Configure(EntityTypeBuilder<BmsUser> e)
    {
        e.ToAccountTable("Users");
        e.Property(u => u.FirstName).HasMaxLength(BmsUser.NameMaxLength);
        e.Property(u => u.LastName).HasMaxLength(BmsUser.NameMaxLength);
        e.Property(u => u.UserType).HasConversion<string>().HasMaxLength(20);
        e.Property(u => u.TicketsPerPage).HasDefaultValue(25);
        e.HasOne(u => u.Tenant).WithMany(t => t.Users).HasForeignKey(u => u.TenantId);
        e.Ignore(u => u.MfaConfigured);
        e.Ignore(u => u.MayConfigureMfa);
    }
}
