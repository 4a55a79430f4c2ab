using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>SPEC rule 9 in a real browser: logging out of either app ends both sessions.</summary>
public static class LogoutJourney
{
    public static async Task RunAsync(Suite suite)
    {
        var context = await suite.Browser.NewContextAsync();
        var page = await suite.NewPageAsync(context);
        await Suite.LogInToBmsAsync(page, suite.BmsUrl, "Acme IT", "alice");
        await page.GotoAsync(suite.BmsUrl + "/Admin/Integrations/KaseyaOne");
        await page.GetByTestId("kaseyaone-slider").ClickAsync();
        await suite.SignInAtKaseyaOneAsync(page, "Acme MSP", "alice");
        await Assertions.Expect(page.GetByTestId("kaseyaone-notice")).ToHaveTextAsync("Operation is completed successfully.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();

        // Signed in to BMS with KaseyaOne (the KaseyaOne session of the enable step is live: no prompt).
        await page.GotoAsync(suite.BmsUrl + "/kaseyaone/login?company=Acme%20IT");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Dashboard") })).ToBeVisibleAsync();

        // Log out of BMS: KaseyaOne's session ends too.
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(suite.BmsUrl) + "/Accounts/Login"));
        await page.GotoAsync(suite.IdentityUrl + "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to KaseyaOne" })).ToBeVisibleAsync();

        // Sign in again: password and code are asked. BMS opens in a second tab.
        await page.GotoAsync(suite.BmsUrl + "/kaseyaone/login?company=Acme%20IT");
        await suite.SignInAtKaseyaOneAsync(page, "Acme MSP", "alice");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Dashboard") })).ToBeVisibleAsync();
        var bmsTab = await context.NewPageAsync();
        await bmsTab.GotoAsync(suite.BmsUrl + "/");
        await Assertions.Expect(bmsTab.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Dashboard") })).ToBeVisibleAsync();

        // Sign out of KaseyaOne: the BMS tab, reloaded, is back on the login page.
        await page.GotoAsync(suite.IdentityUrl + "/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync();
        await bmsTab.ReloadAsync();
        await Assertions.Expect(bmsTab).ToHaveURLAsync(new Regex(Regex.Escape(suite.BmsUrl) + "/Accounts/Login"), new() { Timeout = 30_000 });
        await context.CloseAsync();
    }
}
