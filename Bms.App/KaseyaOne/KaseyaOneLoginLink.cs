using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// SPEC rule 7: the Log in with KaseyaOne link at the bottom of the login page (<c>_LogInWithKaseyaOne.cshtml</c>) is
/// enabled only for a company whose KaseyaOne integration is on, that is a BMS tenant with a <see cref="TenantLink"/>.
/// </summary>
public sealed class KaseyaOneLoginLink(BmsDbContext db)
{
    /// <summary>Where the link points: <see cref="SignInJourney"/> starts there.</summary>
    public const string Path = "/kaseyaone/login";
    /// <summary>The login page's script asks this while the company is typed.</summary>
    public const string StatusPath = "/kaseyaone/status";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(StatusPath, async (string? company, KaseyaOneLoginLink link, CancellationToken ct) =>
            Results.Ok(new { enabled = await link.EnabledTenantAsync(company, ct) is not null }));

    /// <summary>The tenant of that company name when its integration is on; null otherwise (or for no name at all).</summary>
    public async Task<BmsTenant?> EnabledTenantAsync(string? company, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(company) || company.Length > 100)
        {
            return null;
        }
        var normalized = BmsTenant.Normalize(company);
        return await db.Tenants.AsNoTracking()
            .Where(t => t.NormalizedName == normalized && db.Set<TenantLink>().Any(l => l.BmsTenantId == t.Id))
            .SingleOrDefaultAsync(ct);
    }

    public static string Href(string company) => Path + "?company=" + Uri.EscapeDataString(company.Trim());
}
