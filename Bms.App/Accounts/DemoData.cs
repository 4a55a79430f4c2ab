using Microsoft.AspNetCore.Identity;
using SsoSuite.Bms.Companies;
using SsoSuite.Bms.Data;
using SsoSuite.Bms.Tickets;
using SsoSuite.Shared.Data;
using SsoSuite.Shared.Mfa;
using Microsoft.EntityFrameworkCore;

namespace SsoSuite.Bms.Accounts;

/// <summary>The demo companies, users, customers and tickets of the SPEC, seeded into an empty store in the embedded default.</summary>
public sealed class DemoData(IConfiguration configuration) : IDemoData<BmsDbContext>
{
    public const string Password = "Demo!Pass2026";

    private static readonly (string Tenant, string UserName, string Email, string Name, BmsUserType Type, bool Admin)[] Users =
    [
        ("Acme IT", "alice", "alice@acme.example", "Alice Admin", BmsUserType.Employee, true),
        ("Acme IT", "bob", "bob@acme.example", "Bob Builder", BmsUserType.Employee, false),
        ("Acme IT", "carol", "carol@acme.example", "Carol Carter", BmsUserType.Employee, false),
        ("Acme IT", "erin", "erin.smith@acme.example", "Erin Smith", BmsUserType.Employee, false),
        ("Acme IT", "dave", "dave@client.example", "Dave Client", BmsUserType.ClientPortal, false),
        ("Acme IT", "integrator", "integrator@acme.example", "Integration Account", BmsUserType.Employee, false),
        ("Acme IT", "apiuser", "apiuser@acme.example", "API User", BmsUserType.Api, false),
        ("Globex Services", "gina", "gina@globex.example", "Gina Globex", BmsUserType.Employee, true),
    ];

    private static readonly Dictionary<string, string[]> Customers = new()
    {
        ["Acme IT"] = ["Northwind Traders", "Contoso Dental", "Fabrikam Legal", "Tailspin Toys", "Wide World Importers", "Blue Yonder Airlines"],
        ["Globex Services"] = ["Initech", "Umbrella Clinics", "Hooli Retail"],
    };

    private static readonly string[] Subjects =
    [
        "Printer offline on 2nd floor", "New starter laptop", "VPN drops every hour", "Backup job failed",
        "Email quota reached", "Firewall firmware update", "Password reset for reception",
    ];

    public Task<bool> IsSeededAsync(BmsDbContext db, CancellationToken ct) => db.Tenants.AnyAsync(ct);

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<BmsDbContext>();
        var hasher = services.GetRequiredService<IPasswordHasher<BmsUser>>();
        var secrets = services.GetRequiredService<TotpSecretProtection<BmsUser>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var tenants = new Dictionary<string, BmsTenant>();
        foreach (var (tenantName, userName, email, name, type, admin) in Users)
        {
            if (!tenants.TryGetValue(tenantName, out var tenant))
            {
                tenant = new BmsTenant { Name = tenantName, NormalizedName = BmsTenant.Normalize(tenantName) };
                tenants[tenantName] = tenant;
                db.Tenants.Add(tenant);
            }
            var user = new BmsUser
            {
                Tenant = tenant, UserName = userName, NormalizedUserName = BmsUser.Normalize(userName), Email = email,
                DisplayName = name, UserType = type, IsAdmin = admin, CreatedAt = now,
            };
            user.PasswordHash = hasher.HashPassword(user, Password);
            // The integrator has MFA already, with a known secret, so the API can be tried at once (seed 000).
            if (userName == "integrator" && TotpCodes.FromBase32(configuration["Demo:IntegratorTotpSecret"]) is { } secret)
            {
                user.TotpSecret = secrets.Protect(secret);
            }
            db.Users.Add(user);
        }
        var ticketNumber = 1000;
        foreach (var (tenantName, customers) in Customers)
        {
            var tenant = tenants[tenantName];
            foreach (var (customer, index) in customers.Select((c, i) => (c, i)))
            {
                var company = new Company { Tenant = tenant, Name = customer, IsActive = index != customers.Length - 1 || customers.Length < 4 };
                db.Add(company);
                for (var i = 0; i < 2; i++)
                {
                    db.Add(new Ticket
                    {
                        Tenant = tenant, Company = company, Number = ++ticketNumber,
                        Title = Subjects[(index + i * 3) % Subjects.Length],
                        Status = i == 0 ? TicketStatus.Open : TicketStatus.InProgress,
                        OpenedAt = now.AddHours(-(index * 5 + i * 11)),
                    });
                }
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
