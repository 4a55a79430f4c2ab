using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Shared.Sessions;

namespace SsoSuite.Bms.Accounts;

/// <summary>
/// One BMS browser session, kept server-side. The cookie only carries its id (<c>bms_sid</c>), so ending
/// the session here ends it for the browser at its next request. A session started by a KaseyaOne
/// sign-in remembers KaseyaOne's <c>sid</c>, so that a logout at KaseyaOne can end it (SPEC rule 9), and
/// ends no later than the KaseyaOne session (<see cref="BmsSessionOptions.ExpiresAt"/>).
/// </summary>
public sealed class BmsSession : SessionRecord
{
    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>KaseyaOne's session id (the ID token's <c>sid</c>) when the session came from KaseyaOne.</summary>
    public string? KaseyaOneSid { get; set; }
    /// <summary>The KaseyaOne account (<c>sub</c>): a logout token naming only the subject ends all its sessions.</summary>
    public string? KaseyaOneSubject { get; set; }
    /// <summary><see cref="SignInMethods.Local"/> or <see cref="SignInMethods.KaseyaOne"/>.</summary>
    public required string SignInMethod { get; set; }
}

internal sealed class BmsSessionConfiguration : IEntityTypeConfiguration<BmsSession>
{
    public void Configure(EntityTypeBuilder<BmsSession> e)
    {
        e.ToSessionTable();
        e.Property(s => s.KaseyaOneSid).HasMaxLength(200);
        e.Property(s => s.SignInMethod).HasMaxLength(20);
        e.HasIndex(s => s.UserId);
        e.HasIndex(s => s.KaseyaOneSid);
        e.Property(s => s.KaseyaOneSubject).HasMaxLength(100);
        e.HasIndex(s => s.KaseyaOneSubject);
        e.HasOne<BmsUser>().WithMany().HasForeignKey(s => s.UserId);
    }
}

/// <summary>The KaseyaOne session a BMS session came from, as its ID token states it: <c>sid</c>, <c>sub</c>, <c>auth_time</c>.</summary>
public sealed record KaseyaOneSessionOrigin(string? SessionId, string Subject, DateTimeOffset? AuthenticatedAt);
