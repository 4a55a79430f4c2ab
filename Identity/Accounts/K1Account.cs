using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Accounts;

/// <summary>A KaseyaOne company (an MSP). Its name is unique, compared case-insensitively.</summary>
public sealed class K1Tenant
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public List<K1Account> Accounts { get; set; } = [];

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}

/// <summary>
/// A KaseyaOne account: company + username (unique together), email, display name, role, active flag,
/// the password hash and the TOTP secret (protected with Data Protection, never stored in clear).
/// </summary>
public sealed class K1Account : SignInAccountState
{
    public K1Tenant Tenant { get; set; } = null!;
    /// <summary>
    /// When the owner proved <see cref="Email"/> by typing back a mailed code (SPEC rule 16); null while unproven,
    /// and again after any change of the address. Only then is <c>email_verified</c> true.
    /// </summary>
    public DateTimeOffset? EmailVerifiedAt { get; set; }
    public string Role { get; set; } = KaseyaOneClaims.UserRole;

    public bool IsAdmin => Role == KaseyaOneClaims.AdminRole;
    public bool MfaEnrolled => TotpSecret is not null;
    public bool EmailVerified => EmailVerifiedAt is not null;
}

internal sealed class K1TenantConfiguration : IEntityTypeConfiguration<K1Tenant>
{
    public void Configure(EntityTypeBuilder<K1Tenant> e)
    {
        e.ToTable("Tenants");
        e.Property(t => t.Name).HasMaxLength(100);
        e.Property(t => t.NormalizedName).HasMaxLength(100);
        e.HasIndex(t => t.NormalizedName).IsUnique();
    }
}

internal sealed class K1AccountConfiguration : IEntityTypeConfiguration<K1Account>
{
    public void Configure(EntityTypeBuilder<K1Account> e)
    {
        e.ToAccountTable("Accounts");
        e.Property(a => a.Role).HasMaxLength(20);
        e.HasOne(a => a.Tenant).WithMany(t => t.Accounts).HasForeignKey(a => a.TenantId);
        e.Ignore(a => a.IsAdmin);
        e.Ignore(a => a.MfaEnrolled);
        e.Ignore(a => a.EmailVerified);
    }
}
