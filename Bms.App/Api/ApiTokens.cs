using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Sessions;

namespace SsoSuite.Bms.Api;

/// <summary><c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>How long an issued bearer token is valid (default 15 minutes).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Issues and resolves the integration API's opaque bearer tokens.</summary>
public sealed class ApiTokens(BmsDbContext db, TimeProvider clock, IOptions<ApiOptions> options)
{
    public TimeSpan Lifetime => options.Value.TokenLifetime;

    /// <summary>Creates a token for the user; returns the token text, which is never stored.</summary>
    public async Task<string> IssueAsync(BmsUser user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Expired tokens are of no use to anyone: drop them while we are here.
        await db.Set<ApiToken>().Where(t => t.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var token = ServerSideSession.NewId(bytes: 32);
        db.Add(new ApiToken
        {
            TokenHash = Hash(token),
            TenantId = user.TenantId,
            UserId = user.Id,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>The active user a live token belongs to, or null (unknown, expired, or user no longer active).</summary>
    public async Task<BmsUser?> ResolveAsync(string token, CancellationToken ct)
    {
        if (token.Length is 0 or > 100)
        {
            return null;
        }
        var hash = Hash(token);
        var found = await db.Set<ApiToken>().AsNoTracking().Include(t => t.User)
            .SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (found is null || found.ExpiresAt <= clock.GetUtcNow() || !found.User.IsActive || found.User.TenantId != found.TenantId)
        {
            return null;
        }
        return found.User;
    }

    /// <summary>
    /// Revokes every token of the user: a token was issued to a user who could then have one (SPEC rule 12), with the
    /// authenticator they had then, so a change of either ends it, as it ends their BMS sessions.
    /// </summary>
    public Task<int> RevokeAllAsync(Guid userId, CancellationToken ct) =>
        db.Set<ApiToken>().Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
