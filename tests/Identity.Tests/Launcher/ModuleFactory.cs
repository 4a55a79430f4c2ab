using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Launcher;

/// <summary>KaseyaOne where the test client is the BMS module, with an initiate-login URI and regions.</summary>
public sealed class ModuleFactory : IdentityFactory
{
    public const string InitiateLoginUri = "https://rp.example/kaseyaone/initiate-login";
    public const string ModuleUrl = "https://rp.example/";

    public ModuleFactory() : base(null, new Dictionary<string, string?>
    {
        ["Oidc:Clients:1:InitiateLoginUri"] = InitiateLoginUri,
        ["Launcher:Modules:0:ClientId"] = ClientId,
        ["Launcher:Modules:0:Url"] = ModuleUrl,
        ["Launcher:Modules:0:Regions:US"] = ModuleUrl,
        ["Launcher:Modules:0:Regions:UK"] = "https://uk.rp.example/",
    })
    {
    }
}
