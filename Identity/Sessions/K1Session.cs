using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Shared.Data;
using SsoSuite.Shared.Sessions;

namespace SsoSuite.Identity.Sessions;

/// <summary>
/// One KaseyaOne browser session, kept server-side: its <c>sid</c> (the value relying parties receive
/// in ID tokens), the account, when it was authenticated, when it ends at the latest, when and why it ended,
/// the browser it lives in, and the clients it signed into.
/// A session always had a password and a code: it is created only after both (SPEC rule 1).
/// </summary>
public sealed class K1Session : SessionRecord
{
    /// <summary>
    /// The longest issuer stored: an origin taken from a request fits, since a Host header longer than a host name and
    /// port is refused before any page (<see cref="Shared.Hosting.WellFormedHost.MaxLength"/>).
    /// </summary>
    public const int IssuerMaxLength = 300;

    public Guid AccountId { get; set; }
    public DateTimeOffset AuthenticatedAt { get; set; }
    /// <summary>Why it ended (<see cref="SessionEndCause"/>), null while live.</summary>
    public string? EndCause { get; set; }
    /// <summary>The issuer the session's clients know KaseyaOne by: the logout tokens sent for it carry it as <c>iss</c>.</summary>
    public string Issuer { get; set; } = "";
    /// <summary>Browser and operating system at sign-in, as My sessions shows them (<see cref="BrowserDescription"/>).</summary>
    public string Browser { get; set; } = "";
    public string OperatingSystem { get; set; } = "";
    public string IpAddress { get; set; } = "";
    /// <summary>The last request seen with this session's cookie, written at most once a <see cref="SessionOptions.ActivityWriteInterval"/>.</summary>
    public DateTimeOffset LastSeenAt { get; set; }
    public List<SessionClient> Clients { get; set; } = [];
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
        e.ToSessionTable();
        e.HasIndex(s => s.AccountId);
        e.Property(s => s.LastSeenAt).HasConversion(UnixMilliseconds.Converter);
        e.Property(s => s.EndCause).HasMaxLength(40);
        e.Property(s => s.Issuer).HasMaxLength(K1Session.IssuerMaxLength);
        e.Property(s => s.Browser).HasMaxLength(100);
        e.Property(s => s.OperatingSystem).HasMaxLength(100);
        e.Property(s => s.IpAddress).HasMaxLength(64);
        e.HasMany(s => s.Clients).WithOne().HasForeignKey(c => c.SessionId);
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
