using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Shared.Data;

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
    /// <summary>The KaseyaOne account (<c>sub</c>): a logout token naming only the subject ends all its sessions.</summary>
    public string? KaseyaOneSubject { get; set; }
    /// <summary><see cref="SignInMethods.Local"/> or <see cref="SignInMethods.KaseyaOne"/>.</summary>
    public required string SignInMethod { get; set; }
    /// <summary>
    /// The absolute end: <see cref="BmsSessionOptions.AbsoluteLifetime"/> after the sign-in and, for a session from
    /// KaseyaOne, never after the KaseyaOne session's own end (its auth_time plus KaseyaOne's absolute lifetime).
    /// </summary>
    public DateTimeOffset ExpiresAt { get; set; }

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
        e.Property(s => s.KaseyaOneSubject).HasMaxLength(100);
        e.HasIndex(s => s.KaseyaOneSubject);
        // Milliseconds since 1970, so that SQLite can compare it in the live-session query and in pruning.
        e.Property(s => s.ExpiresAt).HasConversion(UnixMilliseconds.Converter);
        e.HasIndex(s => s.ExpiresAt);
        e.HasOne<BmsUser>().WithMany().HasForeignKey(s => s.UserId);
        e.Ignore(s => s.IsLive);
    }
}

/// <summary>The KaseyaOne session a BMS session came from, as its ID token states it: <c>sid</c>, <c>sub</c>, <c>auth_time</c>.</summary>
public sealed record KaseyaOneSessionOrigin(string? SessionId, string Subject, DateTimeOffset? AuthenticatedAt);
