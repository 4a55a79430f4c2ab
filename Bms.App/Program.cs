using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Api;
using SsoSuite.Bms.Data;
using SsoSuite.Bms.Employees;
using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Shared.Hosting;

// BMS: the multi-tenant business-management app, a relying party of KaseyaOne.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(applicationName: "SsoSuite.Bms", cookiePrefix: "bms", serviceName: "bms");
builder.AddBmsData();
builder.AddBmsAccounts();
builder.AddAdmin();
builder.AddEmployees();
builder.AddKaseyaOneIntegration();
builder.AddIntegrationApi();
builder.Services.AddRazorPages(pages =>
{
    // Pages live in their feature folders; everything but the login steps needs a signed-in employee.
    pages.RootDirectory = "/";
    pages.Conventions.AuthorizeFolder("/", AccountsSetup.EmployeePolicy);
    pages.Conventions.AllowAnonymousToPage("/Accounts/Login");
    pages.Conventions.AllowAnonymousToPage("/Accounts/Logout");
    pages.Conventions.AllowAnonymousToPage("/Mfa/Code");
    pages.Conventions.AllowAnonymousToPage("/Accounts/ChoosePassword");
    pages.Conventions.AllowAnonymousToPage("/Layout/Error");
    pages.Conventions.AuthorizeFolder("/Admin", AdminSetup.Policy);
    pages.Conventions.AuthorizeFolder("/Employees", AdminSetup.Policy);
});

var app = builder.Build();
if (await EmployeesSetup.TryRunCommandAsync(app, args))
{
    return;
}

app.UseServiceDefaults();
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapServiceDefaults();
app.MapKaseyaOneIntegration();
app.MapIntegrationApi();
app.MapRazorPages();

app.Run();
