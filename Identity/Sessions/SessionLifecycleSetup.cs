using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SsoSuite.Shared.Sessions;

namespace SsoSuite.Identity.Sessions;

public static class SessionLifecycleSetup
{
    /// <summary>How sessions end (<see cref="SessionEnding"/>), the outbox and its sender, lifetimes and pruning.</summary>
    public static WebApplicationBuilder AddSessionLifecycle(this WebApplicationBuilder builder)
    {
        builder.Services.AddSessionLifetimes<SessionOptions>(builder.Configuration, KaseyaOneCookies.Session);

        builder.Services.AddScoped<SessionEnding>();
        builder.Services.AddScoped<SessionLogout>();
        builder.Services.AddScoped<SessionList>();
        builder.Services.AddSingleton<LogoutDeliverySender>();
        builder.Services.AddHostedService<SessionHousekeeping>();
        builder.Services.AddTransient<LogoutTokenMinting>();
        var deliveryClient = builder.Services.AddHttpClient(LogoutDeliverySender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        deliveryClient.AddResilienceHandler("back-channel-logout", (pipeline, context) =>
            {
                var delivery = context.ServiceProvider.GetRequiredService<IOptions<SessionOptions>>().Value.Delivery;
                if (delivery.ImmediateRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = delivery.ImmediateRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(500),
                        // Timeouts, 408, 429 and 5xx (the defaults), honouring Retry-After, unless the client asks for a
                        // longer pause than a quick retry should hold a delivery for: then the outbox waits that long.
                        ShouldRetryAfterHeader = true,
                        ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)
                            && args.Outcome.Result?.Headers.RetryAfter?.Delta is not { TotalSeconds: > 5 }
                            && args.Outcome.Result?.Headers.RetryAfter?.Date is null),
                    });
                }
                pipeline.AddTimeout(delivery.AttemptTimeout);
            });
        // Innermost: every attempt, quick retries included, carries a freshly minted logout token.
        deliveryClient.AddHttpMessageHandler<LogoutTokenMinting>();
        return builder;
    }
}
