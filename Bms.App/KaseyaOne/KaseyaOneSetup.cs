using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// BMS as a relying party of KaseyaOne: ASP.NET Core's OpenID Connect handler (code + PKCE, confidential
/// client), a short-lived cookie holding KaseyaOne's answer until <see cref="KaseyaOneFlows"/> decides what
/// it means, and the endpoints of the integration. Every cookie is named <c>bms.*</c>.
/// </summary>
public static class KaseyaOneSetup
{
    public const string Scheme = "KaseyaOne";
    /// <summary>Holds KaseyaOne's answer for the few redirects between the callback and its completion.</summary>
    public const string External = "KaseyaOne.External";
    public const string CallbackPath = "/signin-kaseyaone";
    public const string SignedOutCallbackPath = "/signout-callback-kaseyaone";
    public const string FrontChannelLogoutPath = "/signout-kaseyaone";
    public const string BackChannelLogoutPath = "/kaseyaone/backchannel-logout";
    public const string CompletePath = "/kaseyaone/complete";

    public static WebApplicationBuilder AddKaseyaOneIntegration(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KaseyaOneOptions>().Bind(builder.Configuration.GetSection(KaseyaOneOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Authority is { IsAbsoluteUri: true, Scheme: "https" or "http" },
                "KaseyaOne:Authority must be KaseyaOne's absolute http(s) URL.")
            .ValidateOnStart();
        var settings = builder.Configuration.GetSection(KaseyaOneOptions.Section).Get<KaseyaOneOptions>() ?? new KaseyaOneOptions();

        builder.Services.AddScoped<KaseyaOneDirectory>();
        builder.Services.AddScoped<KaseyaOneFlows>();
        builder.Services.AddScoped<BackChannelLogoutReceiver>();
        builder.Services.AddScoped<KaseyaOneStatus>();
        builder.Services.AddScoped<IBmsLogoutExtension, KaseyaOneLogout>();
        builder.Services.AddAuthentication()
            .AddCookie(External, o =>
            {
                o.Cookie.Name = "bms.kaseyaone";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                o.SlidingExpiration = false;
            })
            .AddOpenIdConnect(Scheme, "KaseyaOne", o =>
            {
                o.Authority = settings.Authority?.AbsoluteUri;
                o.RequireHttpsMetadata = settings.Authority?.Scheme == Uri.UriSchemeHttps;
                o.ClientId = settings.ClientId;
                o.ClientSecret = settings.ClientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                o.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "email", "roles", "k1_tenant", "k1_tenant_links" })
                {
                    o.Scope.Add(scope);
                }
                o.CallbackPath = CallbackPath;
                o.SignedOutCallbackPath = SignedOutCallbackPath;
                // Closed: the handler's own remote sign-out answers a bare GET by ending the browser's session
                // whatever iss and sid say (it compares them with claims this session does not carry), so any
                // site could log a user out. Front-channel logout is FrontChannelLogoutPath, which checks both.
                o.RemoteSignOutPath = PathString.Empty;
                o.SignInScheme = External;
                o.SignOutScheme = BmsCookies.Session;
                o.SaveTokens = true;
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                // Keep iss: front-channel logout requests are checked against it.
                o.ClaimActions.Remove("iss");
                o.TokenValidationParameters.NameClaimType = "name";
                // The answer comes back as a top-level GET (query response mode), so the short-lived nonce and
                // correlation cookies can be SameSite=Lax: that works on plain http between two sites too,
                // where SameSite=None cookies (which must be Secure) would be dropped.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.NonceCookie.Name = "bms.kaseyaone.nonce.";
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.CorrelationCookie.Name = "bms.kaseyaone.correlation.";
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Events = new OpenIdConnectEvents
                {
                    OnRedirectToIdentityProvider = context =>
                    {
                        if (context.Properties.Items.TryGetValue(KaseyaOneFlows.PromptItem, out var prompt))
                        {
                            context.ProtocolMessage.Prompt = prompt;
                        }
                        if (context.Properties.Items.TryGetValue(KaseyaOneFlows.LoginHintItem, out var hint))
                        {
                            context.ProtocolMessage.LoginHint = hint;
                        }
                        return Task.CompletedTask;
                    },
                    OnRedirectToIdentityProviderForSignOut = context =>
                    {
                        if (context.Properties.Items.TryGetValue(KaseyaOneFlows.IdTokenHintItem, out var hint))
                        {
                            context.ProtocolMessage.IdTokenHint = hint;
                        }
                        return Task.CompletedTask;
                    },
                    OnRemoteFailure = context => context.HttpContext.RequestServices
                        .GetRequiredService<KaseyaOneFlows>().RemoteFailureAsync(context),
                };
            });
        return builder;
    }

    public static WebApplication MapKaseyaOneIntegration(this WebApplication app)
    {
        // Log in with KaseyaOne, from the login page (SPEC rule 7).
        app.MapGet("/kaseyaone/login", (string? company, KaseyaOneFlows flows, HttpContext http) => flows.StartSignInAsync(http, company));
        // OpenID Connect Core §4: third-party-initiated login, from KaseyaOne's My Modules and app launcher.
        app.MapGet("/kaseyaone/initiate-login", (HttpContext http, KaseyaOneFlows flows,
            [FromQuery] string? iss, [FromQuery(Name = "login_hint")] string? loginHint,
            [FromQuery(Name = "target_link_uri")] string? target, [FromQuery(Name = "bms_tenant")] string? tenant) =>
            flows.InitiateLoginAsync(http, iss, loginHint, target, tenant));
        app.MapGet(CompletePath, (HttpContext http, KaseyaOneFlows flows) => flows.CompleteAsync(http));
        // My Settings: Enable / Disable Login with KaseyaOne (SPEC rule 6). Posts, with anti-forgery.
        app.MapPost("/kaseyaone/link", async (HttpContext http, KaseyaOneFlows flows, IAntiforgery antiforgery) =>
                await antiforgery.IsRequestValidAsync(http) ? await flows.StartUserLinkAsync(http) : Results.BadRequest())
            .RequireAuthorization();
        app.MapPost("/kaseyaone/unlink", async (HttpContext http, KaseyaOneFlows flows, IAntiforgery antiforgery) =>
                await antiforgery.IsRequestValidAsync(http) ? await flows.UnlinkUserAsync(http) : Results.BadRequest())
            .RequireAuthorization();
        // Logout from KaseyaOne's side (SPEC rule 9).
        app.MapGet(FrontChannelLogoutPath, (HttpContext http, BackChannelLogoutReceiver receiver,
            [FromQuery] string? iss, [FromQuery] string? sid) => receiver.FrontChannelAsync(http, iss, sid));
        app.MapPost(BackChannelLogoutPath, (HttpContext http, BackChannelLogoutReceiver receiver) => receiver.BackChannelAsync(http))
            .DisableAntiforgery();
        return app;
    }
}
