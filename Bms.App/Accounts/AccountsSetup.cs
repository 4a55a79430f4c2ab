using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using SsoSuite.Bms.Mfa;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Accounts;

public static class AccountsSetup
{
    /// <summary>Local accounts: hashing, lockout, MFA, the session cookies, and a per-address limit on sign-in posts.</summary>
    public static WebApplicationBuilder AddBmsAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IPasswordHasher<BmsUser>, PasswordHasher<BmsUser>>();
        builder.Services.AddOptions<SignInLockoutOptions>().Bind(builder.Configuration.GetSection(SignInLockoutOptions.Section))
            .Validate(o => o.MaxFailedAttempts > 0 && o.Duration > TimeSpan.Zero, "Lockout needs a positive attempt count and duration.")
            .ValidateOnStart();
        builder.Services.AddScoped<UserSignIn>();
        builder.Services.AddScoped<BmsSignIn>();
        builder.Services.AddScoped<BmsLogout>();
        builder.Services.AddScoped<BmsSessionStore>();
        builder.Services.AddSingleton<TotpCodes>();
        builder.Services.AddScoped<UserAuthenticator>();

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
                    OnValidatePrincipal = async context =>
                    {
                        var store = context.HttpContext.RequestServices.GetRequiredService<BmsSessionStore>();
                        var live = await store.FindLiveAsync(context.Principal?.FindFirst(BmsClaims.SessionId)?.Value,
                            context.HttpContext.RequestAborted);
                        if (live is not { User.IsActive: true })
                        {
                            context.RejectPrincipal();
                            await context.HttpContext.SignOutAsync(BmsCookies.Session);
                            return;
                        }
                        context.ReplacePrincipal(BmsCookies.Principal(live.Value.User, live.Value.Session, context.Principal!.Claims));
                    },
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

        builder.Services.AddSignInRateLimit(builder.Configuration, "/Accounts/Login", "/Mfa/Code");
        return builder;
    }
}
