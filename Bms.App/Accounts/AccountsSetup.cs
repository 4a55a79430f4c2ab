using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Sessions;

namespace SsoSuite.Bms.Accounts;

public static class AccountsSetup
{
    /// <summary>
    /// SPEC rule 4: BMS's own pages are for employees. The login refuses other user types, and this policy
    /// refuses a session that is not an employee's anyway (a user whose type changed, or any other way in).
    /// </summary>
    public const string EmployeePolicy = "BmsEmployee";

    /// <summary>Local accounts: hashing, lockout, MFA, the session cookies, the employee policy, and the limits on sign-in posts.</summary>
    public static WebApplicationBuilder AddBmsAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignInCore<BmsUser, BmsDbContext>(builder.Configuration, "SsoSuite.Bms.Mfa.TotpSecret.v1");
        builder.Services.AddScoped<ISignInEvents<BmsUser>, SignInAudit>();
        builder.Services.AddScoped<UserSignIn>();
        builder.Services.AddScoped<BmsSignIn>();
        builder.Services.AddScoped<BmsLogout>();
        builder.Services.AddScoped<BmsSessionStore>();
        builder.Services.AddOptions<BmsSessionOptions>().Bind(builder.Configuration.GetSection(BmsSessionOptions.Section))
            .Validate(o => o.IsValid, "Sessions settings are invalid: IdleTimeout, KaseyaOneSessionLifetime and Retention must be positive, AbsoluteLifetime at least IdleTimeout.")
            .ValidateOnStart();
        builder.Services.AddOptions<CookieAuthenticationOptions>(BmsCookies.Session)
            .Configure<IOptions<BmsSessionOptions>>((cookie, sessions) => cookie.ExpireTimeSpan = sessions.Value.IdleTimeout);
        builder.Services.AddHostedService<BmsSessionPruning>();

        // The default policy too, so that any endpoint merely asking for a signed-in user asks for an employee.
        var employee = new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .RequireClaim(BmsClaims.UserType, nameof(BmsUserType.Employee)).Build();
        builder.Services.AddAuthorizationBuilder().AddPolicy(EmployeePolicy, employee).SetDefaultPolicy(employee);

        builder.Services.AddAuthentication(BmsCookies.Session)
            .AddCookie(BmsCookies.Session, o =>
            {
                o.Cookie.Name = BmsCookies.SessionCookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/Accounts/Login";
                o.AccessDeniedPath = "/Error";
                // The BMS session lives on its own terms (Sessions:IdleTimeout, sliding, above), not the ID token's
                // lifetime; its absolute end is the server-side session's ExpiresAt.
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

        // Per address: the login steps, and the forms where a wrong current password or code is a guess too.
        builder.Services.AddSignInRateLimit(builder.Configuration, "/Accounts/Login", "/Mfa/Code", "/Mfa/Configure",
            "/Accounts/ChangePassword");
        return builder;
    }
}
