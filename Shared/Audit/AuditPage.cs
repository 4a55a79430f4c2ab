using Microsoft.EntityFrameworkCore;

namespace SsoSuite.Shared.Audit;

/// <summary>One page of a tenant's audit trail, as Admin &gt; Audit shows it in both apps.</summary>
/// <param name="Number">The page shown, from 1: the one asked for, clamped.</param>
/// <param name="HasNext">Whether older lines follow this page.</param>
public sealed record AuditPage<TLine>(IReadOnlyList<TLine> Entries, int Number, bool HasNext) where TLine : AuditLine;

public static class AuditPages
{
    public const int Size = 50;

    /// <summary>The last page number a request may ask for: a larger one (or a negative one) is clamped, never an error.</summary>
    public const int MaxNumber = 100_000;

    /// <summary>
    /// Page <paramref name="requested"/> of one tenant's lines, newest first, read in the database from the
    /// (TenantId, At) index each app keeps: never the tenant's whole trail. Lines of the same millisecond are ordered
    /// by id, so that no line is shown on two pages or on none.
    /// </summary>
    public static async Task<AuditPage<TLine>> ReadPageAsync<TLine>(this IQueryable<TLine> trail, Guid tenantId, int requested,
        CancellationToken ct = default)
        where TLine : AuditLine
    {
        var number = Math.Clamp(requested, 1, MaxNumber);
        // One line beyond the page says whether there is a next page, without counting the trail.
        var lines = await trail.AsNoTracking().Where(a => a.TenantId == tenantId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((number - 1) * Size).Take(Size + 1).ToListAsync(ct);
        return new AuditPage<TLine>(lines.Take(Size).ToList(), number, lines.Count > Size);
    }
}
