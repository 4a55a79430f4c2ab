using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.Admin;

/// <summary>One line of the audit trail: who did what, when, and how it ended.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public DateTimeOffset At { get; set; }
    public Guid TenantId { get; set; }
    public Guid? UserId { get; set; }
    public required string Action { get; set; }
    public required string Outcome { get; set; }
    public string? Detail { get; set; }
}

public static class AuditActions
{
    public const string SignIn = "Sign-in";
    public const string Lockout = "Lockout";
    public const string MfaConfigured = "MFA configured";
    public const string ApiToken = "API token";
    public const string EmployeeCreated = "Employee created";
    public const string EmployeeChanged = "Employee changed";
    public const string EmployeeDeactivated = "Employee deactivated";
    public const string EmployeeReactivated = "Employee reactivated";
    public const string EmployeeMfaReset = "Employee MFA reset";
}

public static class AuditOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Refused = "refused";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("AuditEntries");
        e.Property(a => a.Action).HasMaxLength(100);
        e.Property(a => a.Outcome).HasMaxLength(20);
        e.Property(a => a.Detail).HasMaxLength(1000);
        e.HasIndex(a => a.TenantId);
    }
}

/// <summary>Records every sign-in, refusal and integration change (read on Admin &gt; Audit).</summary>
public sealed class AuditLog(BmsDbContext db, TimeProvider clock)
{
    public async Task RecordAsync(Guid tenantId, Guid? userId, string action, string outcome, string? detail = null, CancellationToken ct = default)
    {
        // Its own short write: an audit line never rides on (or is lost with) another change.
        db.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            TenantId = tenantId,
            UserId = userId,
            Action = action,
            Outcome = outcome,
            Detail = detail is { Length: > 1000 } ? detail[..1000] : detail,
        });
        await db.SaveChangesAsync(ct);
    }
}
