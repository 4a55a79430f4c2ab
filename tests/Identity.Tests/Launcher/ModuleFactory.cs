using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Launcher;

/// <summary>
/// KaseyaOne where the test client is the BMS module's US deployment, with an initiate-login URI and regions: UK has
/// a deployment of its own (a second client), APAC has none registered.
/// </summary>
public sealed class ModuleFactory : IdentityFactory
{
    public const string InitiateLoginUri = "https://rp.example/kaseyaone/initiate-login";
    public const string ModuleUrl = "https://rp.example/";
    public const string UkClientId = "test-rp-uk";
    public const string UkUrl = "https://uk.rp.example/";
    public const string UkInitiateLoginUri = "https://uk.rp.example/kaseyaone/initiate-login";
    public const string ApacUrl = "https://apac.rp.example/";

    public ModuleFactory() : base(NewFolder())
    {
    }

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("Oidc:Clients:1:InitiateLoginUri", InitiateLoginUri),
        new("Launcher:Modules:0:ClientId", ClientId),
        new("Launcher:Modules:0:Url", ModuleUrl),
        new("Launcher:Modules:0:Regions:US", ModuleUrl),
        new("Launcher:Modules:0:Regions:UK", UkUrl),
        new("Launcher:Modules:0:Regions:APAC", ApacUrl),
        new("Launcher:Modules:0:ClientIds:0", UkClientId),
        new("Oidc:Clients:2:ClientId", UkClientId),
        new("Oidc:Clients:2:DisplayName", "Test relying party, UK"),
        new("Oidc:Clients:2:ClientSecret", "uk-test-secret-0123456789abcdef-0123456789"),
        new("Oidc:Clients:2:RedirectUris:0", UkUrl + "signin-kaseyaone"),
        new("Oidc:Clients:2:InitiateLoginUri", UkInitiateLoginUri),
    ];
}
