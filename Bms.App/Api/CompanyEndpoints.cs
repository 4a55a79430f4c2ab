using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Companies;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.Api;

public sealed record CompanyItem(Guid Id, string Name, bool Active);

public sealed record CompanyPage(IReadOnlyList<CompanyItem> Items, int Page, int PageSize, int Total);

public sealed record MappingOption(Guid Id, string Name);

/// <summary>The companies of the token's tenant; nothing of another tenant is ever visible.</summary>
public static class CompanyEndpoints
{
    public const int MaxPageSize = 100;
    private const int MaxPage = 100_000;

    // Query values are taken as text and parsed here, so that "page=abc" is a 400 problem rather than a binding exception.
    public static async Task<IResult> ListAsync(ClaimsPrincipal principal, BmsDbContext db, string? page, string? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var pageNumber = ParseOr(page, 1, 1, MaxPage, "page", $"A whole number from 1 to {MaxPage}.", errors);
        var size = ParseOr(pageSize, 50, 1, MaxPageSize, "pageSize", $"A whole number from 1 to {MaxPageSize}.", errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The query is not valid.");
        }
        var tenantId = TenantOf(principal);
        var companies = db.Set<Company>().AsNoTracking().Where(c => c.TenantId == tenantId);
        var total = await companies.CountAsync(ct);
        var items = await companies.OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Skip((pageNumber - 1) * size).Take(size)
            .Select(c => new CompanyItem(c.Id, c.Name, c.IsActive))
            .ToListAsync(ct);
        return Results.Ok(new CompanyPage(items, pageNumber, size, total));
    }

    public static async Task<IResult> GetAsync(ClaimsPrincipal principal, BmsDbContext db, string id, CancellationToken ct)
    {
        var tenantId = TenantOf(principal);
        var company = Guid.TryParse(id, out var companyId)
            ? await db.Set<Company>().AsNoTracking()
                .Where(c => c.Id == companyId && c.TenantId == tenantId)
                .Select(c => new CompanyItem(c.Id, c.Name, c.IsActive))
                .SingleOrDefaultAsync(ct)
            : null;
        return company is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such company.")
            : Results.Ok(company);
    }

    public static async Task<IResult> MappingOptionsAsync(ClaimsPrincipal principal, BmsDbContext db, CancellationToken ct)
    {
        var tenantId = TenantOf(principal);
        var options = await db.Set<Company>().AsNoTracking()
            .Where(c => c.TenantId == tenantId && c.IsActive)
            .OrderBy(c => c.Name)
            .Select(c => new MappingOption(c.Id, c.Name))
            .ToListAsync(ct);
        return Results.Ok(options);
    }

    private static Guid TenantOf(ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(BearerAuthenticationHandler.TenantClaim)!);

    private static int ParseOr(string? text, int fallback, int min, int max, string name, string message, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors[name] = [message];
        return fallback;
    }
}
