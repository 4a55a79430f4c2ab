using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.Accounts;

/// <summary>
/// SPEC rule 7: the Log in with KaseyaOne link at the bottom of the login page is enabled only for a
/// company whose KaseyaOne integration is on.
/// </summary>
public sealed class KaseyaOneLoginLink(BmsDbContext db)
{
    public const string StatusPath = "/kaseyaone/status";

    public async Task<bool> IsEnabledForAsync(string? company, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(company) || company.Length > 100)
        {
            return false;
        }
        var normalized = BmsTenant.Normalize(company);
        return await db.Tenants.AnyAsync(t => t.NormalizedName == normalized && t.KaseyaOneEnabled, ct);
    }

    /// <summary>Where the link points; the KaseyaOne integration starts its sign-in there.</summary>
    public static string Href(string company) => "/kaseyaone/login?company=" + Uri.EscapeDataString(company.Trim());
}
