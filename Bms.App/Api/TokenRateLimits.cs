using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Bms.Api;

/// <summary>Section <c>RateLimits</c>: token requests per minute, per client address and per account.</summary>
public sealed class TokenRateLimitOptions
{
    public const string Section = "RateLimits";

    [Range(1, int.MaxValue)] public int TokenRequestsPerMinute { get; set; } = 30;
    [Range(1, int.MaxValue)] public int TokenRequestsPerAccountPerMinute { get; set; } = 10;
}

/// <summary>
/// Token requests per client network (<c>RateLimits:TokenRequestsPerMinute</c>, an IPv6 /64 counting as one), applied as the
/// endpoint's rate-limiting policy; rejections are problem details.
/// </summary>
public sealed class TokenAddressRateLimitPolicy(IOptions<TokenRateLimitOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "api-token";
    private readonly int permits = options.Value.TokenRequestsPerMinute;

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (context, _) =>
        new ValueTask(TokenRateLimits.TooManyRequests().ExecuteAsync(context.HttpContext));

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(AddressBucket.Of(httpContext.Connection.RemoteIpAddress),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) });
}

/// <summary>
/// Token requests per account (tenant + username, <c>RateLimits:TokenRequestsPerAccountPerMinute</c>):
/// checked once the body is read, so that many addresses cannot together hammer one account.
/// </summary>
public sealed class TokenRateLimits(IOptions<TokenRateLimitOptions> options) : IDisposable
{
    private readonly int permits = options.Value.TokenRequestsPerAccountPerMinute;
    private PartitionedRateLimiter<string>? limiter;

    private PartitionedRateLimiter<string> Limiter => limiter ??= PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) }));

    public bool TryAcquire(string tenant, string userName)
    {
        using var lease = Limiter.AttemptAcquire($"{tenant.Trim().ToUpperInvariant()}\n{userName.Trim().ToUpperInvariant()}");
        return lease.IsAcquired;
    }

    public static IResult TooManyRequests() => Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
        title: "Too many token requests; try again later.",
        detail: "Token requests are limited per client address and per account. Wait a minute before retrying.");

    public void Dispose() => limiter?.Dispose();
}
