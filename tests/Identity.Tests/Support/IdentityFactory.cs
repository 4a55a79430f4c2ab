using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Sessions;
using SsoSuite.Testing.Mfa;

namespace SsoSuite.Identity.Tests.Support;

/// <summary>
/// KaseyaOne in process (see <see cref="AppFactory{TEntryPoint}"/>) with one extra test client: <see cref="ClientId"/>
/// (code + PKCE) that may also use client credentials, whose back-channel logout requests land in <see cref="BackChannel"/>.
/// </summary>
public class IdentityFactory : AppFactory<IdentityApp>
{
    public const string Company = "Acme MSP";
    public const string ClientId = "test-rp";
    public const string ClientSecret = "test-rp-secret-0123456789abcdef0123456789";
    public const string RedirectUri = "https://rp.example/callback";
    public const string PostLogoutRedirectUri = "https://rp.example/signed-out";
    public const string FrontChannelLogoutUri = "https://rp.example/front-channel-logout";
    public const string BackChannelLogoutUri = "https://rp.example/back-channel-logout";

    public IdentityFactory() : this(null)
    {
    }

    protected IdentityFactory(string? dataFolder, IDictionary<string, string?>? extra = null, Authenticator? authenticator = null)
        : base(dataFolder, authenticator)
    {
        LogoutDeliveries.ForTests(Settings);
        AddTestClient(Settings);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            Settings[key] = value;
        }
    }

    /// <summary>The test client's registration, beside the Development one (the BMS client, index 0).</summary>
    public static void AddTestClient(IDictionary<string, string?> settings)
    {
        settings["Oidc:Clients:1:ClientId"] = ClientId;
        settings["Oidc:Clients:1:DisplayName"] = "Test relying party";
        settings["Oidc:Clients:1:ClientSecret"] = ClientSecret;
        settings["Oidc:Clients:1:RedirectUris:0"] = RedirectUri;
        settings["Oidc:Clients:1:PostLogoutRedirectUris:0"] = PostLogoutRedirectUri;
        settings["Oidc:Clients:1:AllowClientCredentials"] = "true";
        settings["Oidc:Clients:1:FrontChannelLogoutUri"] = FrontChannelLogoutUri;
        settings["Oidc:Clients:1:BackChannelLogoutUri"] = BackChannelLogoutUri;
        string[] scopes = ["profile", "email", "roles", "k1_tenant", "k1_tenant_links", "k1_launcher"];
        for (var i = 0; i < scopes.Length; i++)
        {
            settings[$"Oidc:Clients:1:Scopes:{i}"] = scopes[i];
        }
    }

    /// <summary>Receives the back-channel logout POSTs KaseyaOne sends to the test client.</summary>
    public CapturingHandler BackChannel { get; } = new();

    /// <summary>
    /// Another instance on an existing data folder (a restart); the folder stays with its owner. With the first
    /// instance's <paramref name="authenticator"/>, it also keeps its clock.
    /// </summary>
    public static IdentityFactory On(string? dataFolder, IDictionary<string, string?>? extra = null, Authenticator? authenticator = null) =>
        new(dataFolder, extra, authenticator);

    /// <summary>KaseyaOne's session housekeeping (lifetimes, due logout deliveries, pruning), for a test to run once.</summary>
    public SessionHousekeeping Housekeeping => Services.GetServices<IHostedService>().OfType<SessionHousekeeping>().Single();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHttpClient(LogoutDeliverySender.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => BackChannel);

    /// <summary>A fresh account of <see cref="Company"/> (display name "Test {userName}"); returns its user name.</summary>
    public async Task<string> CreateAsync(string? userName = null, bool admin = false, bool active = true, bool emailVerified = true)
    {
        userName ??= "user-" + Guid.NewGuid().ToString("N")[..8];
        await Services.AddKaseyaOneAccountAsync(Company, userName, displayName: "Test " + userName, admin: admin, active: active,
            emailVerified: emailVerified);
        return userName;
    }

    /// <summary>A fresh account signed in through a browser for the test client, with the code the client was given.</summary>
    public async Task<SignedInClient> SignedInClientAsync()
    {
        var user = await CreateAsync();
        var browser = NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(Company, user, returnUrl: rp.AuthorizeUrl());
        return new SignedInClient(this, user, browser, rp, rp.CodeFrom(page));
    }

    public Task<T> WithDbAsync<T>(Func<IdentityDbContext, Task<T>> action) =>
        InScopeAsync(services => action(services.GetRequiredService<IdentityDbContext>()));

    /// <summary>The connection string of this app's store (its SQLite file or its PostgreSQL database), to watch what it is asked.</summary>
    public Task<string> StoreConnectionStringAsync() =>
        WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
}
