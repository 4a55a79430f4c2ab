using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Claims;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Accounts;

/// <summary>The demo tenants and accounts of the SPEC, seeded into an empty store in the embedded default.</summary>
public sealed class DemoAccounts : IDemoData<IdentityDbContext>
{
    public const string Password = "Demo!Pass2026";

    private static readonly (string Company, string UserName, string Email, string Name, string Role, bool Active)[] Accounts =
    [
        ("Acme MSP", "alice", "alice@acme.example", "Alice Admin", KaseyaOneClaims.AdminRole, true),
        ("Acme MSP", "bob", "bob@acme.example", "Bob Builder", KaseyaOneClaims.UserRole, true),
        ("Acme MSP", "carol", "carol@acme.example", "Carol Inactive", KaseyaOneClaims.UserRole, false),
        ("Acme MSP", "erin", "erin@acme.example", "Erin Smith", KaseyaOneClaims.UserRole, true),
        ("Acme MSP", "dave", "dave@client.example", "Dave Client", KaseyaOneClaims.UserRole, true),
        ("Globex MSP", "gina", "gina@globex.example", "Gina Globex", KaseyaOneClaims.AdminRole, true),
    ];

    public Task<bool> IsSeededAsync(IdentityDbContext db, CancellationToken ct) => db.Tenants.AnyAsync(ct);

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<IdentityDbContext>();
        var hasher = services.GetRequiredService<IPasswordHasher<K1Account>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var tenants = new Dictionary<string, K1Tenant>();
        foreach (var (company, userName, email, name, role, active) in Accounts)
        {
            if (!tenants.TryGetValue(company, out var tenant))
            {
                tenant = new K1Tenant { Name = company, NormalizedName = K1Tenant.Normalize(company) };
                tenants[company] = tenant;
                db.Tenants.Add(tenant);
            }
            var account = new K1Account
            {
                Tenant = tenant,
                UserName = userName,
                NormalizedUserName = K1Account.Normalize(userName),
                Email = email,
                DisplayName = name,
                Role = role,
                IsActive = active,
                CreatedAt = now,
                // SPEC rule 16: the demo's addresses count as proven, so the demo journeys need no mail.
                EmailVerifiedAt = now,
            };
            account.PasswordHash = hasher.HashPassword(account, Password);
            db.Accounts.Add(account);
        }
        await db.SaveChangesAsync(ct);
    }
}
