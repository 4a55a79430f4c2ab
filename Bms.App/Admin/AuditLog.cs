using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.Data;

namespace SsoSuite.Bms.Admin;

/// <summary>One line of BMS's audit trail: the user it is about, when there is one.</summary>
public sealed class AuditEntry : AuditLine
{
    public Guid? UserId { get; set; }
}

public static class AuditActions
{
    public const string SignIn = SignInAuditActions.SignIn;
    public const string Lockout = SignInAuditActions.Lockout;
    public const string MfaConfigured = "MFA configured";
    public const string ApiToken = "API token";
    public const string EmployeeCreated = "Employee created";
    public const string EmployeeChanged = "Employee changed";
    public const string EmployeeDeactivated = "Employee deactivated";
    public const string EmployeeReactivated = "Employee reactivated";
    public const string EmployeeMfaReset = "Employee MFA reset";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToAuditTable(actionMaxLength: 100);
        e.Property(a => a.At).HasConversion(UnixMilliseconds.Converter);
        // Admin > Audit reads one tenant's lines, newest first, a page at a time.
        e.HasIndex(a => new { a.TenantId, a.At });
    }
}

/// <summary>Records every sign-in, refusal and integration change (read on Admin &gt; Audit).</summary>
public sealed class AuditLog(BmsDbContext db, TimeProvider clock) : AuditTrail<AuditEntry>(db, clock), IAccountAuditTrail
{
    public Task RecordAboutAccountAsync(Guid tenantId, Guid accountId, string action, string outcome, string detail, CancellationToken ct) =>
        RecordAsync(tenantId, accountId, action, outcome, detail, ct);

    public async Task RecordAsync(Guid tenantId, Guid? userId, string action, string outcome, string? detail = null, CancellationToken ct = default)
    {
        // Its own short write: an audit line never rides on (or is lost with) another change.
        AddLine(tenantId, action, outcome, detail).UserId = userId;
        await Store.SaveChangesAsync(ct);
    }
}
