using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SsoSuite.Identity.TenantLinks;

/// <summary>
/// A BMS tenant connected to a KaseyaOne tenant, registered by the BMS deployment (the client) that owns
/// it. One to one both ways (SPEC rule 2): a K1 tenant is connected to at most one BMS tenant across
/// every BMS deployment (one per region, each its own client), and a BMS tenant (named by its own
/// deployment) to at most one K1 tenant. Unique indexes decide, so concurrent attempts cannot both win.
/// KaseyaOne keeps it to list the BMS tenants a user may enter.
/// </summary>
public sealed class TenantLink
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string ClientId { get; set; }
    public Guid K1TenantId { get; set; }
    public required string BmsTenantId { get; set; }
    public required string BmsTenantName { get; set; }
    /// <summary>Where this BMS tenant lives (the module's base URL for it).</summary>
    public required string BaseUrl { get; set; }
    public Guid LinkedByAccountId { get; set; }
    public DateTimeOffset LinkedAt { get; set; }
}

/// <summary>A K1 account linked to a user of a BMS tenant (SPEC rules 2 and 6), as registered by that BMS deployment.</summary>
public sealed class UserLink
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string ClientId { get; set; }
    public Guid AccountId { get; set; }
    public required string BmsTenantId { get; set; }
    public required string BmsTenantName { get; set; }
    public required string BaseUrl { get; set; }
    public DateTimeOffset LinkedAt { get; set; }
}

internal sealed class TenantLinkConfiguration : IEntityTypeConfiguration<TenantLink>
{
    public void Configure(EntityTypeBuilder<TenantLink> e)
    {
        e.ToTable("TenantLinks");
        e.Property(l => l.ClientId).HasMaxLength(100);
        e.Property(l => l.BmsTenantId).HasMaxLength(100);
        e.Property(l => l.BmsTenantName).HasMaxLength(200);
        e.Property(l => l.BaseUrl).HasMaxLength(500);
        // SPEC rule 2 across regions: the K1 tenant alone is unique, whichever deployment linked it.
        e.HasIndex(l => l.K1TenantId).IsUnique();
        e.HasIndex(l => new { l.ClientId, l.BmsTenantId }).IsUnique();
    }
}

internal sealed class UserLinkConfiguration : IEntityTypeConfiguration<UserLink>
{
    public void Configure(EntityTypeBuilder<UserLink> e)
    {
        e.ToTable("UserLinks");
        e.Property(l => l.ClientId).HasMaxLength(100);
        e.Property(l => l.BmsTenantId).HasMaxLength(100);
        e.Property(l => l.BmsTenantName).HasMaxLength(200);
        e.Property(l => l.BaseUrl).HasMaxLength(500);
        // SPEC rule 2 across regions: a K1 account is linked to at most one BMS user of any deployment;
        // each BMS enforces the other side (one link per BMS user) in its own store.
        e.HasIndex(l => l.AccountId).IsUnique();
        e.HasIndex(l => new { l.ClientId, l.BmsTenantId });
    }
}
