using Microsoft.Extensions.Options;
using SsoSuite.Identity.Oidc;

namespace SsoSuite.Identity.Launcher;

/// <summary>
/// Which deployment of a module serves a base URL. Each deployment (BMS per region: US, UK, APAC) is its own
/// OpenID Connect client with its own registered initiate_login_uri; the deployment of a base URL is the module's
/// client whose initiate_login_uri is on that URL's site (scheme, host and port). A launch only ever goes to a
/// registered initiate_login_uri, so a region or custom URL typed into Module URLs can send users to a BMS
/// deployment that KaseyaOne knows, never to an arbitrary site (OpenID Connect Core §4; no open redirect).
/// </summary>
public sealed class ModuleDeployments(IOptions<OidcOptions> oidc)
{
    public ClientOptions? At(ModuleOptions module, string? baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var site))
        {
            return null;
        }
        return oidc.Value.Clients.FirstOrDefault(c => module.Clients.Contains(c.ClientId, StringComparer.Ordinal)
            && c.InitiateLoginUri is { } initiate
            && Uri.Compare(initiate, site, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0);
    }
}
