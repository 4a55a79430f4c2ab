using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Bms;
using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Testing.Mfa;

namespace SsoSuite.Testing.Hosting;

/// <summary>BMS in a suite, answering at <paramref name="bms"/>, whose KaseyaOne answers at <paramref name="identity"/>.</summary>
public sealed class BmsHost : AppFactory<BmsApp>
{
    /// <param name="settings">BMS settings beyond these (another deployment's client id and secret, a cluster's store).</param>
    public BmsHost(string dataFolder, Uri identity, Uri bms, Authenticator authenticator, IDictionary<string, string?>? settings = null)
        : base(dataFolder, authenticator)
    {
        Settings["KaseyaOne:Authority"] = identity.GetLeftPart(UriPartial.Authority) + "/";
        Settings["KaseyaOne:PublicUrl"] = bms.GetLeftPart(UriPartial.Authority) + "/";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            Settings[key] = value;
        }
    }

    /// <summary>Where BMS's OpenID Connect back channel (metadata, keys, token) goes instead of the network.</summary>
    public Func<HttpMessageHandler>? BackChannel { get; init; }

    protected override void ConfigureServices(IServiceCollection services)
    {
        if (BackChannel is { } backChannel)
        {
            // Configure (not PostConfigure) runs before the handler builds its back channel from this.
            services.Configure<OpenIdConnectOptions>(KaseyaOneSetup.Scheme, o => o.BackchannelHttpHandler = backChannel());
        }
    }
}
