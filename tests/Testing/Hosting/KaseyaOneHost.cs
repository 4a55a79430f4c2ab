using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Identity;
using SsoSuite.Identity.Sessions;
using SsoSuite.Testing.Mfa;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// KaseyaOne in a suite beside a BMS that answers at <paramref name="bms"/>: the BMS client's redirect, logout and
/// initiate-login URIs and the BMS module's URL point there.
/// </summary>
public sealed class KaseyaOneHost : AppFactory<IdentityApp>
{
    public KaseyaOneHost(string dataFolder, Uri bms, Authenticator authenticator) : base(dataFolder, authenticator)
    {
        var site = bms.GetLeftPart(UriPartial.Authority);
        Settings["Oidc:Clients:0:RedirectUris:0"] = site + "/signin-kaseyaone";
        Settings["Oidc:Clients:0:PostLogoutRedirectUris:0"] = site + "/signout-callback-kaseyaone";
        Settings["Oidc:Clients:0:FrontChannelLogoutUri"] = site + "/signout-kaseyaone";
        Settings["Oidc:Clients:0:BackChannelLogoutUri"] = site + "/kaseyaone/backchannel-logout";
        Settings["Oidc:Clients:0:InitiateLoginUri"] = site + "/kaseyaone/initiate-login";
        Settings["Launcher:Modules:0:Url"] = site + "/";
        Settings["Launcher:Modules:0:Regions:US"] = site + "/";
    }

    /// <summary>Where KaseyaOne's back-channel logout requests go instead of the network (BMS's test server, loopback).</summary>
    public Func<HttpMessageHandler>? BackChannel { get; init; }

    protected override void ConfigureServices(IServiceCollection services)
    {
        if (BackChannel is { } backChannel)
        {
            services.AddHttpClient(BackChannelLogoutSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(backChannel);
        }
    }
}
