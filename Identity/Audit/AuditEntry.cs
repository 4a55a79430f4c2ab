using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Audit;

/// <summary>One line of KaseyaOne's audit trail: the account it is about, and the admin who acted when one did.</summary>
public sealed class AuditEntry : AuditLine
{
    /// <summary>The account the line is about.</summary>
    public Guid? AccountId { get; set; }
    /// <summary>The admin who did it, when an admin did.</summary>
    public Guid? ActorId { get; set; }
}

public static class AuditActions
{
    public const string SignIn = SignInAuditActions.SignIn;
    public const string Lockout = SignInAuditActions.Lockout;
    public const string Enrolment = "Authenticator enrolment";
    public const string SessionEnd = "Session end";
    public const string LogoutDelivery = "Logout delivery";
    public const string AdminAction = "Admin action";
    public const string TenantLink = "Tenant link";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToAuditTable(actionMaxLength: 60);
        e.Property(a => a.At).HasConversion(UnixMilliseconds.Converter);
        // Admin Settings > Audit reads one tenant's lines, newest first, a page at a time.
        e.HasIndex(a => new { a.TenantId, a.At });
    }
}
