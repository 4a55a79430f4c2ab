using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SsoSuite.Shared.Accounts;

/// <summary>Section <c>RateLimits</c>: sign-in posts one client address may make per minute.</summary>
public sealed class SignInRateLimitOptions
{
    public const string Section = "RateLimits";

    [Range(1, int.MaxValue)] public int SignInPostsPerMinute { get; set; } = 30;
}

public static class SignInRateLimit
{
    /// <summary>
    /// SPEC rule 13: password and code guessing from one address is slowed down before the lockout even counts. Posts
    /// under <paramref name="signInPaths"/> share a fixed one-minute window per address; every other request passes.
    /// </summary>
    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, IConfiguration configuration,
        params PathString[] signInPaths)
    {
        services.AddOptions<SignInRateLimitOptions>().Bind(configuration.GetSection(SignInRateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInRateLimitOptions>>((o, limits) =>
        {
            var permits = limits.Value.SignInPostsPerMinute;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method) && signInPaths.Any(path => http.Request.Path.StartsWithSegments(path))
                    ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "local",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter("other"));
        });
        return services;
    }
}
