using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Data;

namespace SsoSuite.Bms.Employees;

/// <summary>
/// <c>create-tenant --company C --username U --email E --password P [--first-name F] [--last-name L]</c>: the first
/// BMS tenant and its admin in a production deployment, which starts with an empty store (like KaseyaOne's
/// <c>create-admin</c>). The admin then creates everyone else under Home &gt; Employees.
/// </summary>
public static class FirstTenant
{
    public const string Command = "create-tenant";

    /// <summary>Runs the command; returns the process exit code (0 created, 1 the tenant exists, 2 bad arguments).</summary>
    public static async Task<int> CreateAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var form = new NewEmployeeForm
        {
            UserName = Arg("--username"), Email = Arg("--email"), Password = Arg("--password"),
            FirstName = Arg("--first-name") ?? Arg("--username"), LastName = Arg("--last-name") ?? "Admin",
            UserType = nameof(BmsUserType.Employee), IsAdmin = true,
        };
        var company = Arg("--company")?.Trim();
        var problems = new List<ValidationResult>();
        var formValid = Validator.TryValidateObject(form, new ValidationContext(form), problems, validateAllProperties: true);
        if (!formValid || string.IsNullOrEmpty(company) || company.Length > 100)
        {
            await errors.WriteLineAsync($"Usage: {Command} --company <name, up to 100 characters> --username <name> --email <address>"
                                        + " --password <at least 10 characters> [--first-name <name>] [--last-name <name>]");
            foreach (var problem in problems)
            {
                await errors.WriteLineAsync("  " + problem.ErrorMessage);
            }
            return 2;
        }

        var db = services.GetRequiredService<BmsDbContext>();
        await StoreMigrations.ApplyAsync(db, CancellationToken.None);
        var normalized = BmsTenant.Normalize(company!);
        if (await db.Tenants.AnyAsync(t => t.NormalizedName == normalized))
        {
            await errors.WriteLineAsync($"The BMS tenant {company} already exists: its admins add users under Home > Employees.");
            return 1;
        }
        var tenant = new BmsTenant { Name = company!, NormalizedName = normalized };
        var admin = new BmsUser
        {
            Tenant = tenant,
            UserName = form.UserName!.Trim(),
            NormalizedUserName = BmsUser.Normalize(form.UserName!),
            Email = form.Email!.Trim(),
            FirstName = form.FirstName!.Trim(),
            LastName = form.LastName!.Trim(),
            DisplayName = form.DisplayName(),
            UserType = BmsUserType.Employee,
            IsAdmin = true,
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        admin.PasswordHash = services.GetRequiredService<IPasswordHasher<BmsUser>>().HashPassword(admin, form.Password!);
        db.Users.Add(admin);
        await db.SaveChangesAsync();
        await output.WriteLineAsync($"Created BMS tenant {tenant.Name} and its admin {admin.UserName}.");
        return 0;
    }
}
