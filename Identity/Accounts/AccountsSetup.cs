using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using SsoSuite.Identity.Mfa;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Identity.Accounts;

public static class AccountsSetup
{
    /// <summary>Passwords (ASP.NET Core Identity's hasher), lockout, MFA, and a per-address limit on sign-in posts.</summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IPasswordHasher<K1Account>, PasswordHasher<K1Account>>();
        builder.Services.AddOptions<SignInLockoutOptions>().Bind(builder.Configuration.GetSection(SignInLockoutOptions.Section))
            .Validate(o => o.MaxFailedAttempts > 0 && o.Duration > TimeSpan.Zero, "Lockout needs a positive attempt count and duration.")
            .ValidateOnStart();
        builder.Services.AddScoped<AccountSignIn>();
        builder.Services.AddSingleton<TotpCodes>();
        builder.Services.AddScoped<AccountAuthenticator>();

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
