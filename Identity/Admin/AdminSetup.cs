using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Claims;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Admin;

public static class AdminSetup
{
    public const string Policy = "K1Admin";

    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireRole(KaseyaOneClaims.AdminRole));
        return builder;
    }

    /// <summary>
    /// <c>create-admin --company C --username U --email E --password P</c>: the first admin of a production
    /// deployment, which starts with an empty store. Returns true when a command ran (the app then exits).
    /// </summary>
    public static async Task<bool> TryRunCommandAsync(WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0] != "create-admin")
        {
            return false;
        }
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var (company, userName, email, password) = (Arg("--company"), Arg("--username"), Arg("--email"), Arg("--password"));
        if (string.IsNullOrWhiteSpace(company) || string.IsNullOrWhiteSpace(userName) || string.IsNullOrWhiteSpace(email)
            || password is not { Length: >= 10 })
        {
            Console.Error.WriteLine("Usage: create-admin --company <name> --username <name> --email <address> --password <at least 10 characters>");
            Environment.ExitCode = 2;
            return true;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await StoreMigrations.ApplyAsync(db, CancellationToken.None);
        var normalizedCompany = K1Tenant.Normalize(company);
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.NormalizedName == normalizedCompany)
                     ?? db.Tenants.Add(new K1Tenant { Name = company.Trim(), NormalizedName = normalizedCompany }).Entity;
        var normalizedUser = K1Account.Normalize(userName);
        if (tenant.Id != Guid.Empty && await db.Accounts.AnyAsync(a => a.TenantId == tenant.Id && a.NormalizedUserName == normalizedUser))
        {
            Console.Error.WriteLine($"{company}/{userName} already exists.");
            Environment.ExitCode = 1;
            return true;
        }
        var account = new K1Account
        {
            Tenant = tenant,
            UserName = userName.Trim(),
            NormalizedUserName = normalizedUser,
            Email = email.Trim(),
            DisplayName = userName.Trim(),
            Role = KaseyaOneClaims.AdminRole,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        account.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<K1Account>>().HashPassword(account, password);
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        Console.WriteLine($"Created KaseyaOne admin {tenant.Name}/{account.UserName}. It enrols an authenticator at its first sign-in.");
        return true;
    }
}
