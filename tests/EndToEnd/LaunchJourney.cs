using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>SPEC rules 10 and 11 in a real browser: launching BMS from KaseyaOne onto the landing page.</summary>
[Collection(LaunchCollection.Name)]
public sealed class LaunchJourney(LaunchSuite suite)
{
    [Fact]
    public async Task Journey_MyModulesAndTheLauncherLandOnTheLandingPage_AndTheUsersOverrideWins()
    {
        var page = await suite.NewPageAsync();
        await suite.TurnOnAcmeIntegrationAsync(page);

        // The K1 admin sets BMS's landing page to Tickets.
        await page.GotoAsync(suite.IdentityUrl + "/Admin/ModuleUrls");
        await page.GetByTestId("landing-page-bms").FillAsync(suite.BmsUrl + "/Tickets");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save BMS" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("module-urls-notice")).ToHaveTextAsync("BMS URLs saved.");

        // My Modules > BMS > the tenant: signed in without a prompt, on Tickets.
        await page.GotoAsync(suite.IdentityUrl + "/");
        await page.GetByTestId("module-bms").GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Acme IT") }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(suite.BmsUrl + "/Tickets");
        await Assertions.Expect(page.GetByTestId("app-launcher")).ToBeVisibleAsync();

        // The same through KaseyaOne's app launcher.
        await page.GotoAsync(suite.IdentityUrl + "/");
        await page.GetByTestId("app-launcher").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { NameRegex = new Regex("Acme IT") }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(suite.BmsUrl + "/Tickets");

        // The user's own override wins over the company's setting.
        await page.GotoAsync(suite.IdentityUrl + "/Profile/ModuleUrls");
        await page.GetByTestId("landing-page-bms").FillAsync(suite.BmsUrl + "/Companies");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save BMS" }).ClickAsync();
        await page.GotoAsync(suite.IdentityUrl + "/Launcher/Launch?module=bms");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Acme IT") }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(suite.BmsUrl + "/Companies");
    }
}
