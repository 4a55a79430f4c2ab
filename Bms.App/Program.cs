using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Api;
using SsoSuite.Bms.Data;
using SsoSuite.Bms.Employees;
using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Shared.Hosting;

// BMS: the multi-tenant business-management app, a relying party of KaseyaOne.
// A start that fails for a reason the operator can fix (a setting, the data folder, the store, a port) ends with one
// line saying why and exit code 1 (StartFailureException); anything else keeps its stack trace.
WebApplication? app = null;
try
{
    var builder = WebApplication.CreateBuilder(args);

    builder.AddServiceDefaults(applicationName: "SsoSuite.Bms", cookiePrefix: "bms", serviceName: "bms");
    builder.AddBmsData();
    builder.AddBmsAccounts();
    builder.AddAdmin();
    builder.AddEmployees();
    builder.AddKaseyaOneIntegration();
    builder.AddIntegrationApi();
    builder.AddFeaturePages(pages =>
    {
        // Everything but the login steps needs a signed-in employee.
        pages.AuthorizeFolder("/", AccountsSetup.EmployeePolicy);
        pages.AllowAnonymousToPage("/Accounts/Login");
        pages.AllowAnonymousToPage("/Accounts/Logout");
        pages.AllowAnonymousToPage("/Mfa/Code");
        pages.AllowAnonymousToPage("/Accounts/ChoosePassword");
        pages.AllowAnonymousToPage("/Layout/Error");
        pages.AuthorizeFolder("/Admin", AdminSetup.Policy);
        pages.AuthorizeFolder("/Employees", AdminSetup.Policy);
    });

    app = builder.Build();
    if (await EmployeesSetup.TryRunCommandAsync(app, args))
    {
        return 0;
    }

    app.UseServiceDefaults();

    app.MapKaseyaOneIntegration();
    app.MapIntegrationApi();
    app.MapServiceDefaults();

    await app.RunAsync();
    return 0;
}
catch (Exception failure) when (StartFailureException.IsExplained(failure))
{
    return await StartFailureException.ReportAsync("BMS", app, failure);
}
