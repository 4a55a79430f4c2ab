using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Sessions;

public enum LogoutDeliveryState { Pending, Retrying, Delivered, GivenUp }

/// <summary>
/// One back-channel logout to deliver (the outbox): written in the same transaction that ends the session, so a
/// crash between the end and the delivery loses nothing. The token itself is minted at each attempt (a logout token
/// lives two minutes and a client refuses a jti it has seen), so the row keeps only what the token says.
/// </summary>
public sealed class LogoutDelivery
{
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>The ended session (the token's sid), or null for a token naming only the subject.</summary>
    public string? SessionId { get; set; }
    public Guid AccountId { get; set; }
    public Guid TenantId { get; set; }
    public required string ClientId { get; set; }
    public required string Endpoint { get; set; }
    public required string Issuer { get; set; }
    public required string Cause { get; set; }
    public LogoutDeliveryState State { get; set; } = LogoutDeliveryState.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    /// <summary>The longest answer kept: the client chooses its reason phrase, and may make it as long as it likes.</summary>
    public const int LastAnswerMaxLength = 300;

    /// <summary>The client's last answer ("200 OK", "503 Service Unavailable", "timed out", …), shown to admins.</summary>
    public string? LastAnswer { get; set; }
    /// <summary>Who holds the delivery while attempting it, and until when (<see cref="LogoutDeliveries.ClaimAsync"/>).</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }

    public bool IsFinished => State is LogoutDeliveryState.Delivered or LogoutDeliveryState.GivenUp;
}

internal sealed class LogoutDeliveryConfiguration : IEntityTypeConfiguration<LogoutDelivery>
{
    public void Configure(EntityTypeBuilder<LogoutDelivery> e)
    {
        e.ToTable("LogoutDeliveries");
        e.Property(d => d.SessionId).HasMaxLength(64);
        e.Property(d => d.ClientId).HasMaxLength(100);
        e.Property(d => d.Endpoint).HasMaxLength(2000);
        e.Property(d => d.Issuer).HasMaxLength(K1Session.IssuerMaxLength);
        e.Property(d => d.Cause).HasMaxLength(40);
        e.Property(d => d.State).HasConversion<string>().HasMaxLength(20);
        e.Property(d => d.LastAnswer).HasMaxLength(LogoutDelivery.LastAnswerMaxLength);
        e.Property(d => d.ClaimedBy).HasMaxLength(40);
        e.Property(d => d.CreatedAt).HasConversion(UnixMilliseconds.Converter);
        e.Property(d => d.NextAttemptAt).HasConversion(UnixMilliseconds.Converter);
        e.Property(d => d.LastAttemptAt).HasConversion(UnixMilliseconds.NullableConverter);
        e.Property(d => d.ClaimedUntil).HasConversion(UnixMilliseconds.NullableConverter);
        e.HasIndex(d => new { d.State, d.NextAttemptAt });
        e.HasIndex(d => d.SessionId);
        e.HasIndex(d => d.AccountId);
        e.Ignore(d => d.IsFinished);
    }
}
