using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Admin;
using SsoSuite.Identity.Audit;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Emails;
using SsoSuite.Identity.Launcher;
using SsoSuite.Identity.Oidc;
using SsoSuite.Identity.Sessions;
using SsoSuite.Identity.TenantLinks;
using SsoSuite.Shared.Hosting;

// KaseyaOne: the OpenID Connect provider with mandatory password + TOTP sign-in.
// A start that fails for a reason the operator can fix (a setting, the data folder, the store, a port) ends with one
// line saying why and exit code 1 (StartFailureException); anything else keeps its stack trace.
WebApplication? app = null;
try
{
    var builder = WebApplication.CreateBuilder(args);

    builder.AddServiceDefaults(applicationName: "SsoSuite.Identity", cookiePrefix: "k1", serviceName: "kaseyaone");
    builder.AddIdentityData();
    builder.AddAccounts();
    builder.AddEmailVerification();
    builder.AddSessions();
    builder.AddSessionLifecycle();
    builder.AddAudit();
    builder.AddOidcProvider();
    builder.AddTenantLinks();
    builder.AddLauncher();
    builder.AddLauncherApi();
    builder.AddAdmin();
    builder.AddFeaturePages(pages =>
    {
        pages.AuthorizeFolder("/Launcher");
        pages.AuthorizeFolder("/Profile");
        pages.AuthorizeFolder("/Emails");
        pages.AuthorizeFolder("/Admin", AdminSetup.Policy);
    });

    app = builder.Build();
    if (await AdminSetup.TryRunCommandAsync(app, args))
    {
        return 0;
    }

    // Discovery and JWKS from memory, ahead of everything but the Host check; a client's own token (client_credentials)
    // ahead of routing and OpenIddict's pipeline, which handle every other request.
    app.UseServiceDefaults(
        first: pipeline => pipeline.UseMiddleware<MetadataCache>(),
        aheadOfRouting: pipeline => pipeline.UseMiddleware<ClientCredentialsTokens>());

    app.MapOidcEndpoints();
    app.MapTenantLinks();
    app.MapLauncherApi();
    app.MapServiceDefaults();

    await app.RunAsync();
    return 0;
}
catch (Exception failure) when (StartFailureException.IsExplained(failure))
{
    return await StartFailureException.ReportAsync("KaseyaOne", app, failure);
}

/// <summary>The entry point's type, for the in-process test host.</summary>
public partial class Program;
