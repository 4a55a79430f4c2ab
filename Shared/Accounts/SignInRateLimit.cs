using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SsoSuite.Shared.Accounts;

/// <summary>Section <c>RateLimits</c>: sign-in posts per minute, per client address and per account.</summary>
public sealed class SignInRateLimitOptions
{
    public const string Section = "RateLimits";

    [Range(1, int.MaxValue)] public int SignInPostsPerMinute { get; set; } = 30;
    [Range(1, int.MaxValue)] public int SignInPostsPerAccountPerMinute { get; set; } = 10;
}

public static class SignInRateLimit
{
    public const string TooManyFromAddress = "Too many sign-in attempts from your network. Wait a minute and try again.";

    /// <summary>
    /// SPEC rule 13: password and code guessing is slowed down before the lockout even counts. Posts under
    /// <paramref name="signInPaths"/> share a fixed one-minute window per client network
    /// (<see cref="AddressBucket"/>); every other request passes. The per-account limit
    /// (<see cref="SignInAttemptLimit"/>) is asked by the sign-in steps themselves, once they know the account.
    /// </summary>
    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, IConfiguration configuration,
        params PathString[] signInPaths)
    {
        services.AddOptions<SignInRateLimitOptions>().Bind(configuration.GetSection(SignInRateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SignInAttemptLimit>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInRateLimitOptions>>((o, limits) =>
        {
            var permits = limits.Value.SignInPostsPerMinute;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                return new ValueTask(context.HttpContext.Response.WriteAsync(TooManyFromAddress, ct));
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method) && signInPaths.Any(path => http.Request.Path.StartsWithSegments(path))
                    ? RateLimitPartition.GetFixedWindowLimiter(AddressBucket.Of(http.Connection.RemoteIpAddress),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter("other"));
        });
        return services;
    }
}
