using SsoSuite.Identity.Accounts;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Identity.Audit;

public static class AuditSetup
{
    /// <summary>KaseyaOne's audit trail, written by the features and read on Admin Settings &gt; Audit.</summary>
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<KaseyaOneAudit>();
        builder.Services.AddScoped<ISignInEvents<K1Account>, SignInAudit<K1Account, KaseyaOneAudit>>();
        return builder;
    }
}
