using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SsoSuite.Identity.Sessions;

/// <summary>
/// One KaseyaOne browser session, kept server-side: its <c>sid</c> (the value relying parties receive
/// in ID tokens), the account, when it was authenticated, when it ended, and the clients it signed into.
/// A session always had a password and a code: it is created only after both (SPEC rule 1).
/// </summary>
public sealed class K1Session
{
    public required string Id { get; set; }
    public Guid AccountId { get; set; }
    public DateTimeOffset AuthenticatedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public List<SessionClient> Clients { get; set; } = [];

    public bool IsLive => EndedAt is null;
}

/// <summary>A client (relying party) this session signed into, with the authorization its tokens hang on.</summary>
public sealed class SessionClient
{
    public required string SessionId { get; set; }
    public required string ClientId { get; set; }
    /// <summary>The OpenIddict authorization of (session, client): revoking it revokes the session's tokens.</summary>
    public required string AuthorizationId { get; set; }
    public DateTimeOffset SignedInAt { get; set; }
}

internal sealed class K1SessionConfiguration : IEntityTypeConfiguration<K1Session>
{
    public void Configure(EntityTypeBuilder<K1Session> e)
    {
        e.ToTable("Sessions");
        e.Property(s => s.Id).HasMaxLength(64);
        e.HasIndex(s => s.AccountId);
        e.HasMany(s => s.Clients).WithOne().HasForeignKey(c => c.SessionId);
        e.Ignore(s => s.IsLive);
    }
}

internal sealed class SessionClientConfiguration : IEntityTypeConfiguration<SessionClient>
{
    public void Configure(EntityTypeBuilder<SessionClient> e)
    {
        e.ToTable("SessionClients");
        e.HasKey(c => new { c.SessionId, c.ClientId });
        e.Property(c => c.ClientId).HasMaxLength(100);
        e.Property(c => c.AuthorizationId).HasMaxLength(100);
    }
}
