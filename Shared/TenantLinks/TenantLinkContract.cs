using System.ComponentModel.DataAnnotations;

namespace SsoSuite.Shared.TenantLinks;

/// <summary>
/// What a BMS deployment sends KaseyaOne when it connects one of its tenants (<c>PUT api/v1/tenant-links/{bmsTenantId}</c>)
/// or one of its users (<c>PUT api/v1/user-links/{bmsTenantId}</c>): the BMS tenant's name and the base URL KaseyaOne's
/// My Modules links to. BMS writes it, KaseyaOne's tenant-link API reads and validates it.
/// </summary>
public sealed record TenantLinkRequest(
    [property: Required, StringLength(200, MinimumLength = 1)] string? Name,
    [property: Required, Url, StringLength(500)] string? BaseUrl);

/// <summary>The paths and the words both sides of a tenant link agree on.</summary>
public static class TenantLinkContract
{
    public static string TenantLinkPath(string bmsTenantId) => $"api/v1/tenant-links/{Uri.EscapeDataString(bmsTenantId)}";

    public static string UserLinksPath(string bmsTenantId) => $"api/v1/user-links/{Uri.EscapeDataString(bmsTenantId)}";

    public static string UserLinkPath(string bmsTenantId, string k1Subject) =>
        $"{UserLinksPath(bmsTenantId)}/{Uri.EscapeDataString(k1Subject)}";

    /// <summary>SPEC rule 2's sentence, shown when KaseyaOne or BMS's own database refuses a second link.</summary>
    public const string AlreadyLinkedElsewhere =
        "This KaseyaOne tenant is already connected to another BMS tenant. You can only connect one BMS tenant to one KaseyaOne tenant at a time.";

    /// <summary>SPEC rule 2 the other way: a BMS tenant connects to one KaseyaOne tenant.</summary>
    public const string BmsTenantLinkedElsewhere = "This BMS tenant is already connected to another KaseyaOne tenant.";

    /// <summary>SPEC rules 2 and 6: a user links only into the BMS tenant connected to their own KaseyaOne tenant.</summary>
    public const string TenantNotConnected = "This BMS tenant is not connected to your KaseyaOne tenant.";

    /// <summary>SPEC rule 2 for users: a KaseyaOne account links to one BMS user, across every BMS deployment.</summary>
    public const string AccountLinkedElsewhere =
        "This KaseyaOne account is already linked to another BMS user. A KaseyaOne account can be linked to one BMS user only.";
}
