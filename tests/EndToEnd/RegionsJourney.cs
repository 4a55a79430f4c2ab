using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>
/// SPEC rules 2 and 11 with two BMS deployments (US and UK, each its own client) in a real browser: one KaseyaOne
/// tenant links to one BMS tenant across both, and the region chosen in Module URLs decides where a launch goes
/// (its URL field following the region).
/// </summary>
[Collection(RegionsCollection.Name)]
public sealed class RegionsJourney(RegionsSuite suite)
{
    [Fact]
    public async Task Journey_SecondDeploymentCannotLinkTheSameTenant_RegionUkLaunchesIntoUk_TheUsersOverrideWins()
    {
        var uk = suite.UkBmsUrl!;
        var page = await suite.NewPageAsync();

        // Acme IT of the US deployment connects to Acme MSP.
        await suite.TurnOnAcmeIntegrationAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Switch, new() { Name = "KaseyaOne integration" })).ToBeCheckedAsync();

        // The UK deployment's Acme IT tries the same KaseyaOne tenant: refused with rule 2's words.
        await suite.TurnOnKaseyaOneIntegrationAsync(page, ("Acme IT", "alice"), ("Acme MSP", "alice"), bmsUrl: uk);
        await Assertions.Expect(page.GetByTestId("kaseyaone-error")).ToHaveTextAsync(JourneySteps.Rule2Refusal);
        await Assertions.Expect(page.GetByRole(AriaRole.Switch, new() { Name = "KaseyaOne integration" })).Not.ToBeCheckedAsync();

        // The K1 admin sets BMS's region to UK: the launch goes to the UK deployment (where this tenant is unknown).
        await page.GotoAsync(suite.IdentityUrl + "/Admin/ModuleUrls");
        await page.GetByTestId("region-bms").SelectOptionAsync("UK");
        await Assertions.Expect(page.GetByTestId("base-url-bms")).ToHaveValueAsync(new Regex("^" + Regex.Escape(uk)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save BMS" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("module-urls-notice")).ToHaveTextAsync("BMS URLs saved.");
        await page.GotoAsync(suite.IdentityUrl + "/");
        await page.GetByTestId("module-bms").GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Acme IT") }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(uk) + "/"));

        // Her own Profile Settings (reached through the menu under her name) say US: the launch lands in the US BMS.
        await page.GotoAsync(suite.IdentityUrl + "/");
        await page.ChooseFromNameMenuAsync("Profile Settings");
        // The URL field follows the region: typing a URL of one's own chooses Custom, choosing US shows US's URL.
        await page.GetByTestId("base-url-bms").FillAsync("https://own-bms.example/");
        await Assertions.Expect(page.GetByTestId("region-bms")).ToHaveValueAsync("Custom");
        await page.GetByTestId("region-bms").SelectOptionAsync("US");
        await Assertions.Expect(page.GetByTestId("base-url-bms")).ToHaveValueAsync(new Regex("^" + Regex.Escape(suite.BmsUrl!)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save BMS" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("module-urls-notice")).ToHaveTextAsync("BMS URLs saved.");
        await page.GetByTestId("app-launcher").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { NameRegex = new Regex("Acme IT") }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(suite.BmsUrl + "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        // BMS's app launcher lists what KaseyaOne's lists for her: the BMS tenant and the other modules.
        await page.GetByTestId("app-launcher").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "BMS – Acme IT" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { NameRegex = new Regex("^Datto RMM") })).ToBeVisibleAsync();
    }
}
