using Microsoft.AspNetCore.Authorization;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Audit;
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
        builder.Services.AddScoped<ISignInEvents<BmsUser>, SignInAudit<BmsUser, AuditLog>>();
        builder.Services.AddScoped<UserSignIn>();
        builder.Services.AddScoped<BmsSignIn>();
        builder.Services.AddScoped<BmsLogout>();
        builder.Services.AddScoped<BmsSessionStore>();
        builder.Services.AddScoped<CredentialChanges>();
        builder.Services.AddSessionLifetimes<BmsSessionOptions>(builder.Configuration, BmsCookies.Session);
        builder.Services.AddHostedService<BmsSessionPruning>();

        // The default policy too, so that any endpoint merely asking for a signed-in user asks for an employee.
        var employee = new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .RequireClaim(BmsClaims.UserType, nameof(BmsUserType.Employee)).Build();
        builder.Services.AddAuthorizationBuilder().AddPolicy(EmployeePolicy, employee).SetDefaultPolicy(employee);

        builder.Services.AddAuthentication(BmsCookies.Session).AddSessionCookies(
            new SessionCookieNames(BmsCookies.Session, BmsCookies.SessionCookieName, BmsCookies.Pending, BmsCookies.PendingCookieName),
            BmsClaims.SessionId,
            async (context, sid) =>
            {
                var store = context.HttpContext.RequestServices.GetRequiredService<BmsSessionStore>();
                var live = await store.FindLiveAsync(sid, context.HttpContext.RequestAborted);
                if (live is { User.IsActive: true })
                {
                    return BmsCookies.Principal(live.Value.User, live.Value.Session, context.Principal!.Claims);
                }
                BmsLogout.SessionEndedElsewhere(context.HttpContext, context.Principal!);
                return null;
            });

        // Per address: the login steps, and the forms where a wrong current password or code is a guess too.
        builder.Services.AddSignInRateLimit(builder.Configuration, "/Accounts/Login", "/Mfa/Code", "/Mfa/Configure",
            "/Accounts/ChangePassword");
        return builder;
    }
}
