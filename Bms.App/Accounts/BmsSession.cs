using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SsoSuite.Bms.Accounts;

/// <summary>
/// One BMS browser session, kept server-side. The cookie only carries its id (<c>bms_sid</c>), so ending
/// the session here ends it for the browser at its next request. A session started by a KaseyaOne
/// sign-in remembers KaseyaOne's <c>sid</c>, so that a logout at KaseyaOne can end it (SPEC rule 9).
/// </summary>
public sealed class BmsSession
{
    public required string Id { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>KaseyaOne's session id (the ID token's <c>sid</c>) when the session came from KaseyaOne.</summary>
    public string? KaseyaOneSid { get; set; }
    /// <summary><see cref="SignInMethods.Local"/> or <see cref="SignInMethods.KaseyaOne"/>.</summary>
    public required string SignInMethod { get; set; }

    public bool IsLive => EndedAt is null;
}

internal sealed class BmsSessionConfiguration : IEntityTypeConfiguration<BmsSession>
{
    public void Configure(EntityTypeBuilder<BmsSession> e)
    {
        e.ToTable("Sessions");
        e.Property(s => s.Id).HasMaxLength(64);
        e.Property(s => s.KaseyaOneSid).HasMaxLength(200);
        e.Property(s => s.SignInMethod).HasMaxLength(20);
        e.HasIndex(s => s.UserId);
        e.HasIndex(s => s.KaseyaOneSid);
        e.HasOne<BmsUser>().WithMany().HasForeignKey(s => s.UserId);
        e.Ignore(s => s.IsLive);
    }
}
