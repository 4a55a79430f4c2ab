using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Bms.Accounts;

/// <summary>
/// Finds BMS users for the sign-in core (<see cref="PasswordSignIn{TAccount}"/>): by company and username
/// for the password step of the login page and the integration API, by id for the steps after it.
/// </summary>
public sealed class UserSignIn(BmsDbContext db, PasswordSignIn<BmsUser> passwords)
{
    public const string WebChannel = "web";

    public async Task<PasswordCheck<BmsUser>> CheckPasswordAsync(
        string company, string userName, string password, string channel, CancellationToken ct)
    {
        var tenantName = BmsTenant.Normalize(company);
        var normalizedUser = BmsUser.Normalize(userName);
        var user = await db.Users.Include(u => u.Tenant)
            .SingleOrDefaultAsync(u => u.Tenant.NormalizedName == tenantName && u.NormalizedUserName == normalizedUser, ct);
        return await passwords.CheckPasswordAsync(user, password, channel, ct);
    }

    public Task<BmsUser?> FindAsync(Guid userId, CancellationToken ct) =>
        db.Users.Include(u => u.Tenant).SingleOrDefaultAsync(u => u.Id == userId, ct);
}
