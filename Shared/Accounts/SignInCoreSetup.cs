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
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<PasswordSignIn<TAccount>>(sp, (DbContext)sp.GetRequiredService<TContext>()));
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<TotpAuthenticator<TAccount>>(sp, (DbContext)sp.GetRequiredService<TContext>()));
        return services;
    }
}
