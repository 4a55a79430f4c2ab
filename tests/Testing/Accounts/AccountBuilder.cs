using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Claims;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Testing.Accounts;

/// <summary>
/// Accounts beside the demo data, so a test can own fresh ones: a KaseyaOne account or a BMS user, built with the
/// demo password, or stored through an app's own services (its password hasher, clock and Data Protection).
/// </summary>
public static class AccountBuilder
{
    /// <summary>Every demo account's password, and every built one's.</summary>
    public const string Password = "Demo!Pass2026";

    /// <summary>
    /// A KaseyaOne account of a tenant, without its password hash (a store sets it); its email counts as verified
    /// (SPEC rule 16) unless <paramref name="emailVerified"/> says otherwise, as the demo accounts' do.
    /// </summary>
    public static K1Account KaseyaOne(Guid tenantId, string userName, string? email = null, string? displayName = null,
        bool admin = false, bool active = true, bool emailVerified = true) => new()
    {
        EmailVerifiedAt = emailVerified ? DateTimeOffset.UnixEpoch : null,
        TenantId = tenantId,
        UserName = userName,
        NormalizedUserName = K1Account.Normalize(userName),
        Email = email ?? userName + "@acme.example",
        DisplayName = displayName ?? userName,
        Role = admin ? KaseyaOneClaims.AdminRole : KaseyaOneClaims.UserRole,
        IsActive = active,
    };

    /// <summary>A BMS user of a tenant, without its password hash (a store sets it).</summary>
    public static BmsUser Bms(Guid tenantId, string userName, string? email = null, string? displayName = null,
        bool admin = false, BmsUserType type = BmsUserType.Employee, bool active = true) => new()
    {
        TenantId = tenantId,
        UserName = userName,
        NormalizedUserName = BmsUser.Normalize(userName),
        Email = email ?? userName + "@example.test",
        DisplayName = displayName ?? userName,
        IsAdmin = admin,
        UserType = type,
        IsActive = active,
    };

    /// <summary>Stores a KaseyaOne account in the company named, with the demo password, in KaseyaOne's store.</summary>
    public static async Task<K1Account> AddKaseyaOneAccountAsync(this IServiceProvider identity, string company, string userName,
        string? email = null, string? displayName = null, bool admin = false, bool active = true, bool emailVerified = true)
    {
        await using var scope = identity.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<IdentityDbContext>();
        var tenant = await db.Tenants.SingleAsync(t => t.NormalizedName == K1Tenant.Normalize(company));
        var account = KaseyaOne(tenant.Id, userName, email, displayName, admin, active, emailVerified);
        account.CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow();
        account.EmailVerifiedAt = emailVerified ? account.CreatedAt : null;
        account.PasswordHash = services.GetRequiredService<IPasswordHasher<K1Account>>().HashPassword(account, Password);
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return account;
    }

    /// <summary>Stores a BMS company beside the demo ones, so that a test owns its users and its audit trail.</summary>
    public static async Task<BmsTenant> AddBmsTenantAsync(this IServiceProvider bms, string company)
    {
        await using var scope = bms.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BmsDbContext>();
        var tenant = new BmsTenant { Name = company, NormalizedName = BmsTenant.Normalize(company) };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant;
    }

    /// <summary>
    /// Stores a BMS user in the company named, with the demo password, in BMS's store; with
    /// <paramref name="totpSecret"/> the user has MFA configured already.
    /// </summary>
    public static async Task<BmsUser> AddBmsUserAsync(this IServiceProvider bms, string company, string userName,
        string? email = null, bool admin = false, BmsUserType type = BmsUserType.Employee, byte[]? totpSecret = null)
    {
        await using var scope = bms.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<BmsDbContext>();
        var tenant = await db.Tenants.SingleAsync(t => t.NormalizedName == BmsTenant.Normalize(company));
        var user = Bms(tenant.Id, userName, email, admin: admin, type: type);
        user.CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow();
        user.PasswordHash = services.GetRequiredService<IPasswordHasher<BmsUser>>().HashPassword(user, Password);
        if (totpSecret is not null)
        {
            // Stored as BMS stores a confirmed secret: protected with its Data Protection purpose.
            user.TotpSecret = services.GetRequiredService<TotpSecretProtection<BmsUser>>().Protect(totpSecret);
        }
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }
}
