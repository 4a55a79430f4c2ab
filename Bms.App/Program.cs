using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Api;
using SsoSuite.Bms.Data;
using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Shared.Hosting;

// BMS: the multi-tenant business-management app, a relying party of KaseyaOne.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(applicationName: "SsoSuite.Bms", cookiePrefix: "bms");
builder.AddBmsData();
builder.AddBmsAccounts();
builder.AddAdmin();
builder.AddKaseyaOneIntegration();
builder.AddIntegrationApi();
builder.Services.AddRazorPages(pages =>
{
    // Pages live in their feature folders; everything but the login steps needs a signed-in user.
    pages.RootDirectory = "/";
    pages.Conventions.AuthorizeFolder("/");
    pages.Conventions.AllowAnonymousToPage("/Accounts/Login");
    pages.Conventions.AllowAnonymousToPage("/Accounts/Logout");
    pages.Conventions.AllowAnonymousToPage("/Mfa/Code");
    pages.Conventions.AllowAnonymousToPage("/Accounts/ChoosePassword");
    pages.Conventions.AllowAnonymousToPage("/Layout/Error");
    pages.Conventions.AuthorizeFolder("/Admin", AdminSetup.Policy);
});

var app = builder.Build();

app.UseServiceDefaults();
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapServiceDefaults();
app.MapBmsAccounts();
app.MapKaseyaOneIntegration();
app.MapIntegrationApi();
app.MapRazorPages();

app.Run();
