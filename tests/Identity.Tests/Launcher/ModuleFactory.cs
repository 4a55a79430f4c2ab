using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Launcher;

/// <summary>KaseyaOne where the test client is the BMS module, with an initiate-login URI and regions.</summary>
public sealed class ModuleFactory : IdentityFactory
{
    public const string InitiateLoginUri = "https://rp.example/kaseyaone/initiate-login";
    public const string ModuleUrl = "https://rp.example/";
    public const string UkClientId = "test-rp-uk";
    public const string UkUrl = "https://uk.rp.example/";
    public const string UkInitiateLoginUri = "https://uk.rp.example/kaseyaone/initiate-login";
    public const string ApacUrl = "https://apac.rp.example/";

    public ModuleFactory() : base(null, new Dictionary<string, string?>
    {
        ["Oidc:Clients:1:InitiateLoginUri"] = InitiateLoginUri,
        ["Launcher:Modules:0:ClientId"] = ClientId,
        ["Launcher:Modules:0:Url"] = ModuleUrl,
        ["Launcher:Modules:0:Regions:US"] = ModuleUrl,
        ["Launcher:Modules:0:Regions:UK"] = UkUrl,
        ["Launcher:Modules:0:Regions:APAC"] = ApacUrl,
        // The UK region is a deployment of its own (a second client); APAC has none registered.
        ["Launcher:Modules:0:ClientIds:0"] = UkClientId,
        ["Oidc:Clients:2:ClientId"] = UkClientId,
        ["Oidc:Clients:2:DisplayName"] = "Test relying party, UK",
        ["Oidc:Clients:2:ClientSecret"] = "uk-test-secret-0123456789abcdef-0123456789",
        ["Oidc:Clients:2:RedirectUris:0"] = UkUrl + "signin-kaseyaone",
        ["Oidc:Clients:2:InitiateLoginUri"] = UkInitiateLoginUri,
    })
    {
    }
}
