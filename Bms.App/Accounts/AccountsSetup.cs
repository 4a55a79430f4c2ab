using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Sessions;

namespace SsoSuite.Bms.Accounts;

public static class AccountsSetup
{
    /// <summary>Local accounts: hashing, lockout, MFA, the session cookies, and a per-address limit on sign-in posts.</summary>
    public static WebApplicationBuilder AddBmsAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignInCore<BmsUser, BmsDbContext>(builder.Configuration, "SsoSuite.Bms.Mfa.TotpSecret.v1");
        builder.Services.AddScoped<ISignInEvents<BmsUser>, SignInAudit>();
        builder.Services.AddScoped<UserSignIn>();
        builder.Services.AddScoped<BmsSignIn>();
        builder.Services.AddScoped<BmsLogout>();
        builder.Services.AddScoped<BmsSessionStore>();
        builder.Services.AddScoped<KaseyaOneLoginLink>();

        builder.Services.AddAuthentication(BmsCookies.Session)
            .AddCookie(BmsCookies.Session, o =>
            {
                o.Cookie.Name = BmsCookies.SessionCookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/Accounts/Login";
                o.AccessDeniedPath = "/Error";
                // The BMS session lives on its own terms (8 hours, sliding), not the ID token's lifetime.
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    // The cookie names a server-side session: it must still be live and the user active.
                    OnValidatePrincipal = context => ServerSideSession.ValidateCookieAsync(context, BmsClaims.SessionId,
                        async sid =>
                        {
                            var store = context.HttpContext.RequestServices.GetRequiredService<BmsSessionStore>();
                            var live = await store.FindLiveAsync(sid, context.HttpContext.RequestAborted);
                            return live is { User.IsActive: true }
                                ? BmsCookies.Principal(live.Value.User, live.Value.Session, context.Principal!.Claims)
                                : null;
                        }),
                    OnRedirectToAccessDenied = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return Task.CompletedTask;
                    },
                };
            })
            .AddCookie(BmsCookies.Pending, o =>
            {
                o.Cookie.Name = BmsCookies.PendingCookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/Accounts/Login";
                o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
                o.SlidingExpiration = false;
            });

        var permits = builder.Configuration.GetValue("RateLimits:SignInPostsPerMinute", 30);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method)
                && (http.Request.Path.StartsWithSegments("/Accounts/Login") || http.Request.Path.StartsWithSegments("/Mfa/Code"))
                    ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "local",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter("other"));
        });
        return builder;
    }

    public static WebApplication MapBmsAccounts(this WebApplication app)
    {
        // The login page asks this while the company is typed, to enable the Log in with KaseyaOne link.
        app.MapGet(KaseyaOneLoginLink.StatusPath, async (string? company, KaseyaOneLoginLink link, CancellationToken ct) =>
            Results.Ok(new { enabled = await link.IsEnabledForAsync(company, ct) }));
        return app;
    }
}
