using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Companies;

/// <summary>A customer company of the MSP (what integrations map their organisations to).</summary>
public sealed class Company
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public BmsTenant Tenant { get; set; } = null!;
    public required string Name { get; set; }
    public bool IsActive { get; set; } = true;
}

internal sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> e)
    {
        e.ToTable("Companies");
        e.Property(c => c.Name).HasMaxLength(200);
        e.HasIndex(c => new { c.TenantId, c.Name });
    }
}
