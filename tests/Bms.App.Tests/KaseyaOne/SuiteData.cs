using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>Builds matching companies on both sides beside the demo data, so a test can own a pair.</summary>
public static class SuiteData
{
    public static async Task<T> BmsDbAsync<T>(this SuiteHosts hosts, Func<BmsDbContext, Task<T>> action)
    {
        await using var scope = hosts.BmsApp.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BmsDbContext>());
    }

    public static async Task<T> K1DbAsync<T>(this SuiteHosts hosts, Func<IdentityDbContext, Task<T>> action)
    {
        await using var scope = hosts.Identity.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IdentityDbContext>());
    }

    /// <summary>A K1 company "{name} MSP" and a BMS company "{name} IT", each with an admin "{user}" of the same email.</summary>
    public static async Task CreatePairAsync(this SuiteHosts hosts, string name, string user)
    {
        var email = $"{user}@{name.ToLowerInvariant()}.example";
        await using (var scope = hosts.Identity.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var tenant = new K1Tenant { Name = name + " MSP", NormalizedName = K1Tenant.Normalize(name + " MSP") };
            var account = new K1Account
            {
                Tenant = tenant, UserName = user, NormalizedUserName = K1Account.Normalize(user), Email = email,
                DisplayName = user, Role = "admin",
            };
            account.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<K1Account>>().HashPassword(account, SuiteBrowser.Password);
            db.Accounts.Add(account);
            await db.SaveChangesAsync();
        }
        await using (var scope = hosts.BmsApp.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BmsDbContext>();
            var tenant = new BmsTenant { Name = name + " IT", NormalizedName = BmsTenant.Normalize(name + " IT") };
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
            await AddBmsUserAsync(scope.ServiceProvider, tenant.Id, user, email, admin: true);
        }
    }

    public static async Task AddBmsUserAsync(this SuiteHosts hosts, string company, string user, string email,
        BmsUserType type = BmsUserType.Employee)
    {
        await using var scope = hosts.BmsApp.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BmsDbContext>();
        var tenant = await db.Tenants.SingleAsync(t => t.Name == company);
        await AddBmsUserAsync(scope.ServiceProvider, tenant.Id, user, email, admin: false, type);
    }

    public static async Task AddK1AccountAsync(this SuiteHosts hosts, string company, string user, string email, bool active = true)
    {
        await using var scope = hosts.Identity.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var tenant = await db.Tenants.SingleAsync(t => t.Name == company);
        var account = new K1Account
        {
            TenantId = tenant.Id, UserName = user, NormalizedUserName = K1Account.Normalize(user), Email = email,
            DisplayName = user, IsActive = active,
        };
        account.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<K1Account>>().HashPassword(account, SuiteBrowser.Password);
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
    }

    private static async Task AddBmsUserAsync(IServiceProvider services, Guid tenantId, string user, string email, bool admin,
        BmsUserType type = BmsUserType.Employee)
    {
        var db = services.GetRequiredService<BmsDbContext>();
        var bmsUser = new BmsUser
        {
            TenantId = tenantId, UserName = user, NormalizedUserName = BmsUser.Normalize(user), Email = email,
            DisplayName = user, IsAdmin = admin, UserType = type,
        };
        bmsUser.PasswordHash = services.GetRequiredService<IPasswordHasher<BmsUser>>().HashPassword(bmsUser, SuiteBrowser.Password);
        db.Users.Add(bmsUser);
        await db.SaveChangesAsync();
    }
}
