using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// A BMS tenant connected to a KaseyaOne tenant (SPEC rule 2): one to one, both ways, decided by two
/// unique indexes so that concurrent enables cannot both win.
/// </summary>
public sealed class TenantLink
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid BmsTenantId { get; set; }
    public required string K1TenantId { get; set; }
    public required string K1TenantName { get; set; }
    public Guid LinkedByUserId { get; set; }
    public DateTimeOffset LinkedAt { get; set; }
}

/// <summary>A BMS user linked to a KaseyaOne account (its <c>sub</c>), one to one both ways (SPEC rules 2 and 6).</summary>
public sealed class UserLink
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid BmsUserId { get; set; }
    public Guid BmsTenantId { get; set; }
    public required string K1Subject { get; set; }
    public DateTimeOffset LinkedAt { get; set; }
}

/// <summary>A user who disabled Login with KaseyaOne: never linked again silently at sign-in (SPEC rule 6).</summary>
public sealed class KaseyaOneOptOut
{
    public Guid BmsUserId { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>The jti of every back-channel logout token accepted, so a replayed token is refused.</summary>
public sealed class SeenLogoutToken
{
    public required string Jti { get; set; }
    public DateTimeOffset SeenAt { get; set; }
    /// <summary>After this the token would be refused as expired anyway, so its jti need not be remembered.</summary>
    public DateTimeOffset ForgetAfter { get; set; }
}

internal sealed class TenantLinkConfiguration : IEntityTypeConfiguration<TenantLink>
{
    public void Configure(EntityTypeBuilder<TenantLink> e)
    {
        e.ToTable("KaseyaOneTenantLinks");
        e.Property(l => l.K1TenantId).HasMaxLength(100);
        e.Property(l => l.K1TenantName).HasMaxLength(200);
        e.HasIndex(l => l.BmsTenantId).IsUnique();
        e.HasIndex(l => l.K1TenantId).IsUnique();
    }
}

internal sealed class UserLinkConfiguration : IEntityTypeConfiguration<UserLink>
{
    public void Configure(EntityTypeBuilder<UserLink> e)
    {
        e.ToTable("KaseyaOneUserLinks");
        e.Property(l => l.K1Subject).HasMaxLength(100);
        e.HasIndex(l => l.BmsUserId).IsUnique();
        e.HasIndex(l => l.K1Subject).IsUnique();
        e.HasIndex(l => l.BmsTenantId);
    }
}

internal sealed class KaseyaOneOptOutConfiguration : IEntityTypeConfiguration<KaseyaOneOptOut>
{
    public void Configure(EntityTypeBuilder<KaseyaOneOptOut> e)
    {
        e.ToTable("KaseyaOneOptOuts");
        e.HasKey(o => o.BmsUserId);
    }
}

internal sealed class SeenLogoutTokenConfiguration : IEntityTypeConfiguration<SeenLogoutToken>
{
    public void Configure(EntityTypeBuilder<SeenLogoutToken> e)
    {
        e.ToTable("KaseyaOneSeenLogoutTokens");
        e.HasKey(t => t.Jti);
        e.Property(t => t.Jti).HasMaxLength(200);
        e.Property(t => t.ForgetAfter).HasConversion(SsoSuite.Shared.Data.UnixMilliseconds.Converter);
        e.HasIndex(t => t.ForgetAfter);
    }
}
