using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenIddict.Abstractions;

namespace SsoSuite.Identity.Sessions;

/// <summary>
/// "Sign out of KaseyaOne?": shown when a logout request does not come with an id_token_hint for this
/// browser's own session (RP-Initiated Logout 1.0 §6), so that a link on another site cannot end it.
/// Confirming posts the same request back to the end-session endpoint, with an anti-forgery token.
/// </summary>
[AllowAnonymous]
public sealed class EndSessionModel : PageModel
{
    public const string Path = "/Sessions/EndSession";

    /// <summary>The end-session parameters carried through the confirmation (RP-Initiated Logout 1.0 §2).</summary>
    public static readonly IReadOnlySet<string> CarriedParameters = new HashSet<string>(StringComparer.Ordinal)
    {
        OpenIddictConstants.Parameters.IdTokenHint,
        OpenIddictConstants.Parameters.PostLogoutRedirectUri,
        OpenIddictConstants.Parameters.State,
        OpenIddictConstants.Parameters.ClientId,
        OpenIddictConstants.Parameters.UiLocales,
    };

    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; private set; } = [];

    public void OnGet() =>
        Fields = Request.Query
            .Where(p => CarriedParameters.Contains(p.Key) && p.Value.Count == 1 && p.Value[0] is { Length: > 0 and <= 4096 })
            .Select(p => KeyValuePair.Create(p.Key, p.Value[0]!))
            .ToList();
}
