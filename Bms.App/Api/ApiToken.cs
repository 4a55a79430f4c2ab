using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Api;

/// <summary>
/// A bearer token issued by <c>POST /api/v1/auth/token</c> (SPEC rule 12). Only the SHA-256 of the token
/// is stored: a leaked database (or backup) gives nobody a usable token, and since the token is 256 random
/// bits a plain unsalted hash is enough, so a request is authenticated with one read of a unique index.
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>Hex SHA-256 of the token as sent by the client.</summary>
    public required string TokenHash { get; set; }
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public BmsUser User { get; set; } = null!;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> e)
    {
        e.ToTable("ApiTokens");
        e.Property(t => t.TokenHash).HasMaxLength(64);
        e.HasIndex(t => t.TokenHash).IsUnique();
        // Stored as Unix milliseconds so that SQLite can compare expiry times in queries (purging).
        e.Property(t => t.ExpiresAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        e.Property(t => t.CreatedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        e.HasIndex(t => t.ExpiresAt);
        e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
