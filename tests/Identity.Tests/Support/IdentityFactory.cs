using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Identity.Sessions;

namespace SsoSuite.Identity.Tests.Support;

/// <summary>
/// KaseyaOne in process, on a fresh data folder (SQLite file, key ring, signing keys) seeded with the
/// demo data, with one extra test client: <see cref="ClientId"/> (code + PKCE) that may also use client credentials.
/// </summary>
public class IdentityFactory : WebApplicationFactory<Program>
{
    public const string ClientId = "test-rp";
    public const string ClientSecret = "test-rp-secret-0123456789abcdef0123456789";
    public const string RedirectUri = "https://rp.example/callback";
    public const string PostLogoutRedirectUri = "https://rp.example/signed-out";
    public const string FrontChannelLogoutUri = "https://rp.example/front-channel-logout";
    public const string BackChannelLogoutUri = "https://rp.example/back-channel-logout";

    /// <summary>Receives the back-channel logout POSTs KaseyaOne sends to the test client.</summary>
    public CapturingHandler BackChannel { get; } = new();

    public string DataFolder { get; }
    private readonly Dictionary<string, string?> settings = new();

    private readonly bool ownsFolder;

    public IdentityFactory() : this(NewFolder()) => ownsFolder = true;

    protected IdentityFactory(string dataFolder, IDictionary<string, string?>? extra = null)
    {
        DataFolder = dataFolder;
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }
        }
        ClientOptions.AllowAutoRedirect = false;
    }

    /// <summary>Another instance on an existing data folder (a restart); the folder stays with its owner.</summary>
    public static IdentityFactory On(string dataFolder, IDictionary<string, string?>? extra = null) => new(dataFolder, extra);

    public static string NewFolder() => Directory.CreateTempSubdirectory("k1-test-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DataFolder", DataFolder);
        builder.UseSetting("RateLimits:SignInPostsPerMinute", "100000");
        builder.UseSetting("Oidc:Clients:1:ClientId", ClientId);
        builder.UseSetting("Oidc:Clients:1:DisplayName", "Test relying party");
        builder.UseSetting("Oidc:Clients:1:ClientSecret", ClientSecret);
        builder.UseSetting("Oidc:Clients:1:RedirectUris:0", RedirectUri);
        builder.UseSetting("Oidc:Clients:1:PostLogoutRedirectUris:0", PostLogoutRedirectUri);
        builder.UseSetting("Oidc:Clients:1:AllowClientCredentials", "true");
        builder.UseSetting("Oidc:Clients:1:FrontChannelLogoutUri", FrontChannelLogoutUri);
        builder.UseSetting("Oidc:Clients:1:BackChannelLogoutUri", BackChannelLogoutUri);
        builder.ConfigureTestServices(services => services.AddHttpClient(BackChannelLogoutSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => BackChannel));
        string[] scopes = ["profile", "email", "roles", "k1_tenant", "k1_tenant_links", "k1_launcher"];
        for (var i = 0; i < scopes.Length; i++)
        {
            builder.UseSetting($"Oidc:Clients:1:Scopes:{i}", scopes[i]);
        }
        foreach (var (key, value) in settings.Concat(ExtraSettings()))
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Settings a derived factory adds for its tests.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [];

    public K1Browser NewBrowser()
    {
        var cookies = new System.Net.CookieContainer();
        var client = CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        return new K1Browser(client, cookies);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsFolder)
        {
            try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
