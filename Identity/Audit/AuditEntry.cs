using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Audit;

/// <summary>One line of KaseyaOne's audit trail, within one tenant: who (account, and the admin who acted), what, how it ended.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public DateTimeOffset At { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>The account the line is about.</summary>
    public Guid? AccountId { get; set; }
    /// <summary>The admin who did it, when an admin did.</summary>
    public Guid? ActorId { get; set; }
    public required string Action { get; set; }
    public required string Outcome { get; set; }
    public string? Detail { get; set; }
}

public static class AuditActions
{
    public const string SignIn = "Sign-in";
    public const string Lockout = "Lockout";
    public const string Enrolment = "Authenticator enrolment";
    public const string SessionEnd = "Session end";
    public const string LogoutDelivery = "Logout delivery";
    public const string AdminAction = "Admin action";
    public const string TenantLink = "Tenant link";
}

public static class AuditOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Refused = "refused";
    public const string Ended = "ended";
    public const string GivenUp = "given up";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("AuditEntries");
        e.Property(a => a.Action).HasMaxLength(60);
        e.Property(a => a.Outcome).HasMaxLength(20);
        e.Property(a => a.Detail).HasMaxLength(1000);
        e.Property(a => a.At).HasConversion(UnixMilliseconds.Converter);
        // Admin Settings > Audit reads one tenant's lines, newest first, a page at a time.
        e.HasIndex(a => new { a.TenantId, a.At });
    }
}
