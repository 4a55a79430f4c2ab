using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SsoSuite.Bms.Accounts;

/// <summary>
/// A BMS company (tenant). Its name is unique, compared case-insensitively. Whether its KaseyaOne integration is on
/// (SPEC rule 5) is the KaseyaOne feature's to know: on exactly while its <c>TenantLink</c> exists.
/// </summary>
public sealed class BmsTenant
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public List<BmsUser> Users { get; set; } = [];

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}

internal sealed class BmsTenantConfiguration : IEntityTypeConfiguration<BmsTenant>
{
    public void Configure(EntityTypeBuilder<BmsTenant> e)
    {
        e.ToTable("Tenants");
        e.Property(t => t.Name).HasMaxLength(100);
        e.Property(t => t.NormalizedName).HasMaxLength(100);
        e.HasIndex(t => t.NormalizedName).IsUnique();
    }
}
