using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Tests.Support;

/// <summary>Builds accounts beside the demo data, so each test can own a fresh one.</summary>
public static class TestAccounts
{
    public const string Company = "Acme MSP";

    public static async Task<string> CreateAsync(
        this IdentityFactory factory, string? userName = null, bool admin = false, bool active = true, string company = Company)
    {
        userName ??= "user-" + Guid.NewGuid().ToString("N")[..8];
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var tenant = await db.Tenants.SingleAsync(t => t.Name == company);
        var account = new K1Account
        {
            TenantId = tenant.Id,
            UserName = userName,
            NormalizedUserName = K1Account.Normalize(userName),
            Email = userName + "@acme.example",
            DisplayName = "Test " + userName,
            Role = admin ? KaseyaOneClaims.AdminRole : KaseyaOneClaims.UserRole,
            IsActive = active,
        };
        account.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<K1Account>>().HashPassword(account, K1Browser.DemoPassword);
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return userName;
    }

    public static async Task<T> WithDbAsync<T>(this IdentityFactory factory, Func<IdentityDbContext, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IdentityDbContext>());
    }
}
