namespace SsoSuite.EndToEnd;

/// <summary>
/// The suite with a second BMS deployment, the UK region's (seed 002: one BMS per region, each KaseyaOne's client of
/// its own, <c>bms-uk</c>): KaseyaOne knows both clients, and its BMS module routes the UK region to the second one.
/// </summary>
public sealed class RegionsSuite : Suite
{
    private const string UkClientId = "bms-uk";
    private const string UkClientSecret = "bms-uk-test-secret-0123456789abcdef0123456789";
    private readonly BmsHost uk;

    public RegionsSuite() : this(FreePort())
    {
    }

    private RegionsSuite(int ukPort) : base(null, UkDeployment($"http://127.0.0.1:{ukPort}"))
    {
        UkBmsUrl = $"http://127.0.0.1:{ukPort}";
        uk = new BmsHost(Path.Combine(DataRoot, "bms-uk"), new Uri(IdentityUrl), new Uri(UkBmsUrl), Authenticator,
            new Dictionary<string, string?>
            {
                ["KaseyaOne:ClientId"] = UkClientId,
                ["KaseyaOne:ClientSecret"] = UkClientSecret,
            })
        {
            Port = ukPort,
        };
    }

    /// <summary>The UK deployment of BMS.</summary>
    public string UkBmsUrl { get; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        uk.StartServer();
        using var warmUp = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        (await warmUp.GetAsync(UkBmsUrl + "/Accounts/Login")).Dispose();
    }

    public override async Task DisposeAsync()
    {
        await uk.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>KaseyaOne's settings for the UK deployment: its client, and the BMS module's UK region pointing at it.</summary>
    private static Dictionary<string, string?> UkDeployment(string site)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Oidc:Clients:1:ClientId"] = UkClientId,
            ["Oidc:Clients:1:DisplayName"] = "BMS UK",
            ["Oidc:Clients:1:ClientSecret"] = UkClientSecret,
            ["Oidc:Clients:1:RedirectUris:0"] = site + "/signin-kaseyaone",
            ["Oidc:Clients:1:PostLogoutRedirectUris:0"] = site + "/signout-callback-kaseyaone",
            ["Oidc:Clients:1:FrontChannelLogoutUri"] = site + "/signout-kaseyaone",
            ["Oidc:Clients:1:BackChannelLogoutUri"] = site + "/kaseyaone/backchannel-logout",
            ["Oidc:Clients:1:InitiateLoginUri"] = site + "/kaseyaone/initiate-login",
            ["Oidc:Clients:1:AllowClientCredentials"] = "true",
            ["Launcher:Modules:0:ClientIds:0"] = UkClientId,
            ["Launcher:Modules:0:Regions:UK"] = site + "/",
        };
        string[] scopes = ["profile", "email", "roles", "k1_tenant", "k1_tenant_links", "k1_launcher"];
        for (var i = 0; i < scopes.Length; i++)
        {
            settings[$"Oidc:Clients:1:Scopes:{i}"] = scopes[i];
        }
        return settings;
    }
}
