using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Bms;
using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Testing.Mfa;

namespace SsoSuite.Testing.Hosting;

/// <summary>BMS in a suite, answering at <paramref name="bms"/>, whose KaseyaOne answers at <paramref name="identity"/>.</summary>
public sealed class BmsHost : AppFactory<BmsApp>
{
    public BmsHost(string dataFolder, Uri identity, Uri bms, Authenticator authenticator) : base(dataFolder, authenticator)
    {
        Settings["KaseyaOne:Authority"] = identity.GetLeftPart(UriPartial.Authority) + "/";
        Settings["KaseyaOne:PublicUrl"] = bms.GetLeftPart(UriPartial.Authority) + "/";
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
