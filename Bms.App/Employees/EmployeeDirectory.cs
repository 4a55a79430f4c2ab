using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Api;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Employees;

/// <summary>The outcome of a change: a notice for the list, or a message beside a field (and nothing stored).</summary>
public sealed record EmployeeChange(string? Notice, string? Field = null, string? Error = null)
{
    public static EmployeeChange Refused(string field, string error) => new(null, field, error);
    public bool Succeeded => Error is null;
}

/// <summary>
/// Home &gt; Employees (SPEC rule 15): a BMS admin creates, edits, deactivates and reactivates the users of
/// their own tenant and resets their MFA. Every lookup is scoped to the admin's tenant, so a user of another
/// tenant does not exist here; every change is audited.
/// </summary>
public sealed class EmployeeDirectory(
    BmsDbContext db, IPasswordHasher<BmsUser> hasher, TotpAuthenticator<BmsUser> authenticator, BmsSessionStore sessions,
    ApiTokens apiTokens, AuditLog audit, TimeProvider clock)
{
    public Task<List<BmsUser>> ListAsync(Guid tenantId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.TenantId == tenantId).OrderBy(u => u.NormalizedUserName).ToListAsync(ct);

    public Task<BmsUser?> FindAsync(Guid tenantId, Guid id, CancellationToken ct) =>
        db.Users.SingleOrDefaultAsync(u => u.Id == id && u.TenantId == tenantId, ct);

    public async Task<EmployeeChange> CreateAsync(Guid tenantId, Guid adminId, NewEmployeeForm form, CancellationToken ct)
    {
        var normalized = BmsUser.Normalize(form.UserName!);
        if (await db.Users.AnyAsync(u => u.TenantId == tenantId && u.NormalizedUserName == normalized, ct))
        {
            return EmployeeChange.Refused(nameof(form.UserName), "A user with this username already exists in your company.");
        }
        var user = new BmsUser
        {
            TenantId = tenantId,
            UserName = form.UserName!.Trim(),
            NormalizedUserName = normalized,
            Email = form.Email!.Trim(),
            FirstName = form.FirstName!.Trim(),
            LastName = form.LastName!.Trim(),
            DisplayName = form.DisplayName(),
            UserType = form.ChosenType(),
            IsAdmin = form.IsAdmin,
            CreatedAt = clock.GetUtcNow(),
            // The admin chose this password: it only opens the way to choosing the user's own.
            MustChangePassword = true,
        };
        user.PasswordHash = hasher.HashPassword(user, form.Password!);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same username created concurrently: the unique index on (tenant, username) decided.
            db.ChangeTracker.Clear();
            return EmployeeChange.Refused(nameof(form.UserName), "A user with this username already exists in your company.");
        }
        await audit.RecordAsync(tenantId, adminId, AuditActions.EmployeeCreated, AuditOutcomes.Succeeded,
            $"{user.UserName} ({user.DisplayName}, {user.Email}), {user.UserType}{(user.IsAdmin ? ", admin" : "")}", ct);
        return new EmployeeChange($"Employee {user.UserName} created. They choose their own password at their first login.");
    }

    public async Task<EmployeeChange> UpdateAsync(Guid tenantId, Guid adminId, BmsUser user, EmployeeForm form, CancellationToken ct)
    {
        if (user.Id == adminId && (!form.IsAdmin || form.ChosenType() != BmsUserType.Employee))
        {
            // A tenant must never lose its last way into the admin pages by a slip of its own admin.
            return EmployeeChange.Refused(nameof(form.IsAdmin), "You cannot remove your own admin role or change your own user type.");
        }
        var before = Describe(user);
        user.FirstName = form.FirstName!.Trim();
        user.LastName = form.LastName!.Trim();
        user.DisplayName = form.DisplayName();
        user.Email = form.Email!.Trim();
        user.UserType = form.ChosenType();
        user.IsAdmin = form.IsAdmin;
        if (user.UserType == BmsUserType.Api)
        {
            // Api users cannot have MFA (SPEC rule 8), so they cannot hold a secret either.
            authenticator.Reset(user);
        }
        await db.SaveChangesAsync(ct);
        // A change of type or role changes what the user may do: their sessions and API tokens end, and they log in again
        // (an Api or ClientPortal user may hold no token at all: SPEC rule 12).
        await EndSessionsAndTokensAsync(user.Id, ct);
        await audit.RecordAsync(tenantId, adminId, AuditActions.EmployeeChanged, AuditOutcomes.Succeeded,
            $"{user.UserName}: {before} → {Describe(user)}", ct);
        return new EmployeeChange($"Employee {user.UserName} saved.");
    }

    public async Task<EmployeeChange> SetActiveAsync(Guid tenantId, Guid adminId, BmsUser user, bool active, CancellationToken ct)
    {
        if (user.Id == adminId && !active)
        {
            return EmployeeChange.Refused("", "You cannot deactivate your own user.");
        }
        user.IsActive = active;
        if (active)
        {
            user.FailedSignIns = 0;
            user.LockoutEnd = null;
        }
        await db.SaveChangesAsync(ct);
        if (!active)
        {
            await EndSessionsAndTokensAsync(user.Id, ct);
        }
        await audit.RecordAsync(tenantId, adminId, active ? AuditActions.EmployeeReactivated : AuditActions.EmployeeDeactivated,
            AuditOutcomes.Succeeded, user.UserName, ct);
        return new EmployeeChange($"Employee {user.UserName} {(active ? "reactivated" : "deactivated")}.");
    }

    public async Task<EmployeeChange> ResetMfaAsync(Guid tenantId, Guid adminId, BmsUser user, CancellationToken ct)
    {
        authenticator.Reset(user);
        await db.SaveChangesAsync(ct);
        // A lost or stolen authenticator: whoever holds a session or an API token made with it is out.
        await EndSessionsAndTokensAsync(user.Id, ct);
        await audit.RecordAsync(tenantId, adminId, AuditActions.EmployeeMfaReset, AuditOutcomes.Succeeded, user.UserName, ct);
        return new EmployeeChange($"MFA reset for {user.UserName}: they configure it again in My Profile.");
    }

    private async Task EndSessionsAndTokensAsync(Guid userId, CancellationToken ct)
    {
        await sessions.EndAllAsync(userId, ct);
        await apiTokens.RevokeAllAsync(userId, ct);
    }

    private static string Describe(BmsUser user) =>
        $"{user.DisplayName}, {user.Email}, {user.UserType}{(user.IsAdmin ? ", admin" : "")}";
}
