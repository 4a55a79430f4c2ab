using System.Threading.RateLimiting;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Identity.Accounts;

public static class AccountsSetup
{
    /// <summary>The sign-in core for KaseyaOne accounts (password, lockout, authenticator), and a per-address limit on sign-in posts.</summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignInCore<K1Account, IdentityDbContext>(builder.Configuration, "SsoSuite.Identity.Mfa.TotpSecret.v1");
        builder.Services.AddScoped<AccountSignIn>();

        var permits = builder.Configuration.GetValue("RateLimits:SignInPostsPerMinute", 30);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Password and code guessing from one address is slowed down before the lockout even counts.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method)
                && (http.Request.Path.StartsWithSegments("/Accounts") || http.Request.Path.StartsWithSegments("/Mfa"))
                    ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "local",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter("other"));
        });
        return builder;
    }
}
