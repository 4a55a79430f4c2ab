using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// How the apps are reached (section <c>Transport</c>): over HTTPS only, and through which reverse proxies.
/// </summary>
public sealed class TransportOptions
{
    public const string Section = "Transport";

    /// <summary>
    /// HTTPS redirection, HSTS, <c>Secure</c> cookies and the <c>__Host-</c> prefix on the session cookies.
    /// Default: on outside Development. Development on http://localhost keeps plain cookie names, since a
    /// <c>__Host-</c> cookie must be <c>Secure</c> and not every client sends those over http.
    /// </summary>
    public bool? HttpsOnly { get; set; }

    /// <summary>Addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/8) of reverse proxies whose forwarded headers are believed.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool IsHttpsOnly(IHostEnvironment environment) => HttpsOnly ?? !environment.IsDevelopment();
}

/// <summary>Transport security for both apps: HTTPS, HSTS, cookie flags and forwarded headers from known proxies only.</summary>
public static class Transport
{
    /// <summary>RFC 6265bis §4.1.3.2: a <c>__Host-</c> cookie is Secure, has Path=/ and no Domain, so no sibling host can set it.</summary>
    public const string HostPrefix = "__Host-";

    public static WebApplicationBuilder AddTransport(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TransportOptions>().Bind(builder.Configuration.GetSection(TransportOptions.Section))
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)),
                "Transport:KnownProxies must list IP addresses.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)),
                "Transport:KnownNetworks must list networks in CIDR notation (10.0.0.0/8).")
            .ValidateOnStart();
        // Everything below reads the validated options when it is first asked for, never the raw section: a bad
        // value stops the app with the validation message instead of being half-applied.
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TransportOptions>>((o, transport) =>
        {
            // Only the configured proxies are believed (the framework's default also believes loopback):
            // a client that sends X-Forwarded-For itself must not choose the address rate limits see.
            // X-Forwarded-Host is never read: the issuer and links do not come from a header anyone can send.
            // With both lists empty the middleware believes every sender, so with no proxy configured (the app faces
            // its clients directly) no forwarded header is read at all: else any client could name a fresh address per
            // request and never meet the per-address limit (SPEC rule 13), nor appear in sessions and audit as itself.
            var anyProxy = transport.Value.KnownProxies.Count > 0 || transport.Value.KnownNetworks.Count > 0;
            o.ForwardedHeaders = anyProxy ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in transport.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in transport.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        builder.Services.AddOptions<CookiePolicyOptions>().Configure<IOptions<TransportOptions>, IHostEnvironment>((o, transport, environment) =>
        {
            if (transport.Value.IsHttpsOnly(environment))
            {
                o.Secure = CookieSecurePolicy.Always;
            }
        });
        builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, HttpsOnlyCookies>();
        builder.Services.AddSingleton<IPostConfigureOptions<AntiforgeryOptions>, HttpsOnlyCookies>();
        builder.Services.AddSingleton<IPostConfigureOptions<CookieTempDataProviderOptions>, HttpsOnlyCookies>();
        return builder;
    }

    /// <summary>First in the pipeline: the real client address and scheme, then HTTPS only.</summary>
    public static WebApplication UseTransport(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<IOptions<TransportOptions>>().Value.IsHttpsOnly(app.Environment))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
            app.UseCookiePolicy();
        }
        return app;
    }
}

/// <summary>
/// Over HTTPS only, every cookie of every scheme is Secure, and the session, anti-forgery and temp-data cookies carry the
/// <c>__Host-</c> prefix (RFC 6265bis §4.1.3.2), decided from the validated <see cref="TransportOptions"/>. A post-configure
/// for all names, so that cookie schemes added by any feature are covered.
/// </summary>
internal sealed class HttpsOnlyCookies(IOptions<TransportOptions> transport, IHostEnvironment environment) :
    IPostConfigureOptions<CookieAuthenticationOptions>,
    IPostConfigureOptions<AntiforgeryOptions>,
    IPostConfigureOptions<CookieTempDataProviderOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options) => HostPrefixed(options.Cookie);

    public void PostConfigure(string? name, AntiforgeryOptions options) => HostPrefixed(options.Cookie);

    public void PostConfigure(string? name, CookieTempDataProviderOptions options) => HostPrefixed(options.Cookie);

    private void HostPrefixed(CookieBuilder cookie)
    {
        if (!transport.Value.IsHttpsOnly(environment))
        {
            return;
        }
        cookie.SecurePolicy = CookieSecurePolicy.Always;
        cookie.Path = "/";
        cookie.Domain = null;
        if (cookie.Name is { } name && !name.StartsWith(Transport.HostPrefix, StringComparison.Ordinal))
        {
            cookie.Name = Transport.HostPrefix + name;
        }
    }
}
