using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;
using SsoSuite.Testing.Accounts;

namespace SsoSuite.Benchmarks;

/// <summary>
/// BMS's side of the login scenario, written with BMS's own EF context into its fresh store: one tenant with
/// Login with KaseyaOne on, linked to the benchmark accounts' KaseyaOne tenant, and one Employee user per account,
/// linked to it and with the same email (the state after each user's first KaseyaOne sign-in).
/// </summary>
public static class BenchBms
{
    public const string Company = "Bench IT";

    public static async Task SeedAsync(Targets targets, Guid kaseyaOneTenantId, IReadOnlyList<BenchAccount> accounts, CancellationToken ct)
    {
        await using var db = targets.BmsDb();
        var now = DateTimeOffset.UtcNow;
        var tenant = new BmsTenant { Name = Company, NormalizedName = BmsTenant.Normalize(Company) };
        db.Tenants.Add(tenant);
        foreach (var account in accounts)
        {
            var user = AccountBuilder.Bms(tenant.Id, account.UserName, account.Email, "Bench " + account.UserName);
            user.CreatedAt = now;
            db.Users.Add(user);
            db.Set<Bms.KaseyaOne.UserLink>().Add(new Bms.KaseyaOne.UserLink
            {
                BmsUserId = user.Id, BmsTenantId = tenant.Id, K1Subject = account.Id.ToString(), LinkedAt = now,
            });
        }
        db.Set<Bms.KaseyaOne.TenantLink>().Add(new Bms.KaseyaOne.TenantLink
        {
            BmsTenantId = tenant.Id, K1TenantId = kaseyaOneTenantId.ToString(), K1TenantName = BenchAccounts.Company, LinkedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }
}
