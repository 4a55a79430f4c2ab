using SsoSuite.Identity.Data;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Identity.Accounts;

public static class AccountsSetup
{
    /// <summary>The sign-in core for KaseyaOne accounts (password, lockout, authenticator), and the limits on sign-in posts.</summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignInCore<K1Account, IdentityDbContext>(builder.Configuration, "SsoSuite.Identity.Mfa.TotpSecret.v1");
        builder.Services.AddScoped<AccountSignIn>();

        // Per address: every post of the sign-in steps, Change password (a wrong current password is a guess too), and the
        // email verification's posts (a 6-digit code is a guess; a resend is a mail).
        builder.Services.AddSignInRateLimit(builder.Configuration, "/Accounts", "/Mfa", "/Profile/Password", "/Profile/Email", "/Emails");
        return builder;
    }
}
