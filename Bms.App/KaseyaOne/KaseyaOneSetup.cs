using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// BMS as a relying party of KaseyaOne: ASP.NET Core's OpenID Connect handler (code + PKCE, confidential
/// client), a short-lived cookie holding KaseyaOne's answer until the journey that asked for it completes, and
/// the endpoints of the integration. Every cookie is named <c>bms.*</c>.
/// <para>
/// Each round trip is a journey of its own (<see cref="IKaseyaOneJourney"/>): <see cref="SignInJourney"/>,
/// <see cref="EnableTenantJourney"/>, <see cref="DisableTenantJourney"/> and <see cref="LinkUserJourney"/>, each
/// with its start, its completion path and its failure; services (<see cref="KaseyaOneSignIn"/>,
/// <see cref="TenantConnection"/>, <see cref="UserLinking"/>) decide, the journeys answer.
/// </para>
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

    public static WebApplicationBuilder AddKaseyaOneIntegration(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KaseyaOneOptions>().Bind(builder.Configuration.GetSection(KaseyaOneOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Authority is { IsAbsoluteUri: true, Scheme: "https" or "http" },
                "KaseyaOne:Authority must be KaseyaOne's absolute http(s) URL.")
            .ValidateOnStart();

        builder.Services.AddScoped<KaseyaOneDirectory>();
        builder.Services.AddScoped<KaseyaOneSignIn>();
        builder.Services.AddScoped<TenantConnection>();
        builder.Services.AddScoped<UserLinking>();
        builder.Services.AddScoped<RoundTripStarter>();
        builder.Services.AddScoped<KaseyaOneBmsSession>();
        builder.Services.AddScoped<KaseyaOneStatus>();
        builder.Services.AddScoped<KaseyaOneLoginLink>();
        builder.Services.AddScoped<BackChannelLogoutReceiver>();
        builder.Services.AddScoped<KaseyaOneLauncher>();
        builder.Services.AddSingleton<KaseyaOneLauncherCache>();
        builder.Services.AddSingleton<KaseyaOneSignInMetrics>();
        builder.Services.AddScoped<IBmsLogoutExtension, KaseyaOneLogout>();
        AddJourney<SignInJourney>(builder.Services, SignInJourney.CompletePath);
        AddJourney<EnableTenantJourney>(builder.Services, EnableTenantJourney.CompletePath);
        AddJourney<DisableTenantJourney>(builder.Services, DisableTenantJourney.CompletePath);
        AddJourney<LinkUserJourney>(builder.Services, LinkUserJourney.CompletePath);
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
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                o.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "email", "roles", "k1_tenant", "k1_tenant_links", "k1_launcher" })
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
                    // prompt travels as the handler's own challenge property; login_hint (initiate-login) and
                    // id_token_hint (logout) as parameters of the one redirect they belong to.
                    OnRedirectToIdentityProvider = context =>
                    {
                        if (context.Properties.GetParameter<string>(OpenIdConnectParameterNames.LoginHint) is { } hint)
                        {
                            context.ProtocolMessage.LoginHint = hint;
                        }
                        return Task.CompletedTask;
                    },
                    OnRedirectToIdentityProviderForSignOut = context =>
                    {
                        if (context.Properties.GetParameter<string>(OpenIdConnectParameterNames.IdTokenHint) is { } hint)
                        {
                            context.ProtocolMessage.IdTokenHint = hint;
                        }
                        return Task.CompletedTask;
                    },
                    OnRemoteFailure = HandToJourneyAsync,
                };
            });
        // Where KaseyaOne is and who BMS is there: from the validated KaseyaOne section, read when the handler's options are built.
        builder.Services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<IOptions<KaseyaOneOptions>>((o, settings) =>
        {
            o.Authority = settings.Value.Authority?.AbsoluteUri;
            o.RequireHttpsMetadata = settings.Value.Authority?.Scheme == Uri.UriSchemeHttps;
            o.ClientId = settings.Value.ClientId;
            o.ClientSecret = settings.Value.ClientSecret;
        });
        return builder;
    }

    public static WebApplication MapKaseyaOneIntegration(this WebApplication app)
    {
        KaseyaOneLoginLink.Map(app);
        SignInJourney.Map(app);
        EnableTenantJourney.Map(app);
        DisableTenantJourney.Map(app);
        LinkUserJourney.Map(app);
        // Logout from KaseyaOne's side (SPEC rule 9).
        app.MapGet(FrontChannelLogoutPath, (HttpContext http, BackChannelLogoutReceiver receiver,
            [FromQuery] string? iss, [FromQuery] string? sid) => receiver.FrontChannelAsync(http, iss, sid));
        app.MapPost(BackChannelLogoutPath, (HttpContext http, BackChannelLogoutReceiver receiver) => receiver.BackChannelAsync(http))
            .DisableAntiforgery();
        return app;
    }

    /// <summary>A journey, found by the path its round trips complete at (see <see cref="HandToJourneyAsync"/>).</summary>
    private static void AddJourney<TJourney>(IServiceCollection services, string completePath)
        where TJourney : class, IKaseyaOneJourney
    {
        services.AddScoped<TJourney>();
        services.AddKeyedScoped<IKaseyaOneJourney>(completePath, (provider, _) => provider.GetRequiredService<TJourney>());
    }

    /// <summary>
    /// KaseyaOne said no (an inactive account, no session for prompt=none) or the round trip broke: the journey that
    /// started it answers, found by its completion path in the protected state. Without readable state (a forged or
    /// stale answer) nobody's journey is trusted, and the user goes to the login page as after a failed sign-in.
    /// </summary>
    private static async Task HandToJourneyAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        var failure = KaseyaOneReturn.Failure.From(context);
        // The one log line of a failed round trip (the handler's own are off, see appsettings.json). KaseyaOne refusing the
        // user (an inactive account, no session for prompt=none) is the journey working; anything else, with its
        // exception, is for the operator.
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KaseyaOneSetup));
        if (failure.Error is "access_denied" or "login_required" or "interaction_required" or "consent_required")
        {
            logger.LogInformation("KaseyaOne round trip to {Path} refused: {Error} {Message}",
                KaseyaOneRoundTrip.JourneyOf(context.Properties), failure.Error, context.Failure?.Message);
        }
        else
        {
            logger.LogWarning(context.Failure, "KaseyaOne round trip to {Path} failed: {Error} {Message}",
                KaseyaOneRoundTrip.JourneyOf(context.Properties), failure.Error, context.Failure?.Message);
        }
        var journey = KaseyaOneRoundTrip.JourneyOf(context.Properties) is { } path
            ? http.RequestServices.GetKeyedService<IKaseyaOneJourney>(path)
            : null;
        journey ??= http.RequestServices.GetRequiredService<SignInJourney>();
        // The handler answers its callback before the authentication middleware reads the browser's BMS session, and a
        // journey that completes for the user who started it (the slider turned off, which KaseyaOne answers
        // login_required when the browser has no KaseyaOne session) needs that user.
        if (http.User.Identity?.IsAuthenticated != true && await http.AuthenticateAsync(BmsCookies.Session) is { Succeeded: true } session)
        {
            http.User = session.Principal;
        }
        await (await journey.FailedAsync(http, failure)).ExecuteAsync(http);
    }
}
