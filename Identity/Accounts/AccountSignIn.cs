using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Identity.Accounts;

/// <summary>
/// Finds KaseyaOne accounts for the sign-in core (<see cref="PasswordSignIn{TAccount}"/>): by company and
/// username for the password step, by id for the steps after it.
/// </summary>
public sealed class AccountSignIn(IdentityDbContext db, PasswordSignIn<K1Account> passwords)
{
    public const string Channel = "web";

    public async Task<PasswordCheck<K1Account>> CheckPasswordAsync(
        string company, string userName, string password, CancellationToken ct)
    {
        var tenantName = K1Tenant.Normalize(company);
        var normalizedUser = K1Account.Normalize(userName);
        var account = await db.Accounts.Include(a => a.Tenant)
            .SingleOrDefaultAsync(a => a.Tenant.NormalizedName == tenantName && a.NormalizedUserName == normalizedUser, ct);
        return await passwords.CheckPasswordAsync(account, password, Channel, ct);
    }

    public Task<K1Account?> FindAsync(Guid accountId, CancellationToken ct) =>
        db.Accounts.Include(a => a.Tenant).SingleOrDefaultAsync(a => a.Id == accountId, ct);
}
