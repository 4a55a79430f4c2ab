using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SsoSuite.Shared.Sessions;

/// <summary>How long an app's browser sessions live (section <c>Sessions</c>); each app's options add their own settings.</summary>
public abstract class SessionLifetimeOptions
{
    public const string Section = "Sessions";

    /// <summary>Without a request for this long the session cookie lapses (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);
    /// <summary>A session ends this long after its sign-in however active it is (SPEC rule 14).</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);
    /// <summary>Ended sessions (and what else stopped mattering with them) are pruned this long after.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The first setting that is wrong, in words naming it; null when all are right.</summary>
    public virtual string? Error() =>
        IdleTimeout <= TimeSpan.Zero ? "Sessions:IdleTimeout must be positive."
        : AbsoluteLifetime < IdleTimeout ? "Sessions:AbsoluteLifetime must be at least Sessions:IdleTimeout."
        : Retention <= TimeSpan.Zero ? "Sessions:Retention must be positive."
        : null;
}

public static class SessionLifetimeSetup
{
    /// <summary>
    /// Binds and checks at start the session settings, and makes the session cookie of <paramref name="cookieScheme"/>
    /// lapse after <see cref="SessionLifetimeOptions.IdleTimeout"/>.
    /// </summary>
    public static OptionsBuilder<TOptions> AddSessionLifetimes<TOptions>(
        this IServiceCollection services, IConfiguration configuration, string cookieScheme) where TOptions : SessionLifetimeOptions
    {
        services.AddOptions<CookieAuthenticationOptions>(cookieScheme)
            .Configure<IOptions<TOptions>>((cookie, sessions) => cookie.ExpireTimeSpan = sessions.Value.IdleTimeout);
        services.AddSingleton<IValidateOptions<TOptions>, SessionLifetimeValidation<TOptions>>();
        return services.AddOptions<TOptions>().Bind(configuration.GetSection(SessionLifetimeOptions.Section)).ValidateOnStart();
    }

    /// <summary>A bad setting stops the app at start, naming the setting.</summary>
    private sealed class SessionLifetimeValidation<TOptions> : IValidateOptions<TOptions> where TOptions : SessionLifetimeOptions
    {
        public ValidateOptionsResult Validate(string? name, TOptions options) =>
            options.Error() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }
}
