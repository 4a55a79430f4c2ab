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

        builder.Services.AddSignInRateLimit(builder.Configuration, "/Accounts", "/Mfa");
        return builder;
    }
}
