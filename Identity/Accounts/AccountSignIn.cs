using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Claims;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Accounts;

/// <summary>
/// Finds KaseyaOne accounts for the sign-in core (<see cref="PasswordSignIn{TAccount}"/>): by company and
/// username for the password step, by id for the steps after it.
/// </summary>
public sealed class AccountSignIn(IdentityDbContext db, PasswordSignIn<K1Account> passwords, SignInAttemptLimit attempts)
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

    /// <summary>
    /// SPEC rule 13: counts one sign-in post at the account typed in, found or not (see <see cref="SignInAttemptLimit"/>);
    /// false when this minute's allowance for it is used up.
    /// </summary>
    public bool TryAttempt(string company, string userName) =>
        attempts.TryAttempt(K1Tenant.Normalize(company), K1Account.Normalize(userName));

    /// <summary>The same count, for a step after the password: the code or the enrolment of <paramref name="account"/>.</summary>
    public bool TryAttempt(K1Account account) => attempts.TryAttempt(account.Tenant.NormalizedName, account.NormalizedUserName);

    public Task<K1Account?> FindAsync(Guid accountId, CancellationToken ct) =>
        db.Accounts.Include(a => a.Tenant).SingleOrDefaultAsync(a => a.Id == accountId, ct);

    /// <summary>
    /// The account as it is now, for a step that only reads it (the token and userinfo endpoints, on every code,
    /// refresh and userinfo call): untracked, so the token writes that follow in the same context do not scan it
    /// for changes; compiled once (<see cref="CompiledStoreQuery{TContext, TParam, TResult}"/>).
    /// </summary>
    public Task<K1Account?> ReadAsync(Guid accountId, CancellationToken ct) => ById.RunAsync(db, accountId, ct);

    private static readonly CompiledStoreQuery<IdentityDbContext, Guid, K1Account?> ById =
        new((db, accountId, _) => db.Accounts.AsNoTracking().Include(a => a.Tenant).SingleOrDefault(a => a.Id == accountId));

    /// <summary>The signed-in user's own account (the session's <c>sub</c>), read now; null without one.</summary>
    public Task<K1Account?> FindAsync(ClaimsPrincipal user, CancellationToken ct) =>
        Guid.TryParse(user.FindFirst(KaseyaOneClaims.Subject)?.Value, out var id) ? FindAsync(id, ct) : Task.FromResult<K1Account?>(null);
}
