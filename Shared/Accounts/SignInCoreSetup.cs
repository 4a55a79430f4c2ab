using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Shared.Accounts;

public static class SignInCoreSetup
{
    /// <summary>
    /// The sign-in core for one app's account type stored in <typeparamref name="TContext"/>: password
    /// hashing (ASP.NET Core Identity's hasher), the lockout settings (<c>Lockout</c>, validated at start),
    /// the password step and the authenticator, whose secrets are protected under <paramref name="totpPurpose"/>.
    /// </summary>
    public static IServiceCollection AddSignInCore<TAccount, TContext>(
        this IServiceCollection services, IConfiguration configuration, string totpPurpose)
        where TAccount : class, ISignInAccount
        where TContext : DbContext
    {
        services.AddSingleton<IPasswordHasher<TAccount>, PasswordHasher<TAccount>>();
        services.AddOptions<SignInLockoutOptions>().Bind(configuration.GetSection(SignInLockoutOptions.Section))
            .Validate(o => o.MaxFailedAttempts > 0 && o.Duration > TimeSpan.Zero, "Lockout needs a positive attempt count and duration.")
            .ValidateOnStart();
        services.AddSingleton<TotpCodes>();
        services.AddSingleton<SignInMetrics>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TotpSecretProtection<TAccount>>(sp, totpPurpose));
        // Each made by a factory built once: ActivatorUtilities.CreateInstance would look the constructor up again on
        // every request that needs one (every redemption and userinfo request reads its account through them).
        var passwords = ActivatorUtilities.CreateFactory<PasswordSignIn<TAccount>>([typeof(DbContext)]);
        var codes = ActivatorUtilities.CreateFactory<TotpAuthenticator<TAccount>>([typeof(DbContext)]);
        services.AddScoped(sp => passwords(sp, [sp.GetRequiredService<TContext>()]));
        services.AddScoped(sp => codes(sp, [sp.GetRequiredService<TContext>()]));
        return services;
    }
}
