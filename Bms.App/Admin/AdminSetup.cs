using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Admin;

public static class AdminSetup
{
    public const string Policy = "BmsAdmin";

    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireRole(BmsClaims.AdminRole));
        return builder;
    }
}
