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
        await suite.TurnOnAcmeIntegrationAsync(page);
        await page.ChooseFromNameMenuAsync("Log out");

        // Signed in to BMS with KaseyaOne (the KaseyaOne session of the enable step is live: no prompt).
        await page.GotoAsync(suite.BmsUrl + "/kaseyaone/login?company=Acme%20IT");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Dashboard") })).ToBeVisibleAsync();

        // Log out of BMS: KaseyaOne's session ends too.
        await page.ChooseFromNameMenuAsync("Log out");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(suite.BmsUrl) + "/Accounts/Login"));
        await page.GotoAsync(suite.IdentityUrl + "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to KaseyaOne" })).ToBeVisibleAsync();

        // Sign in again: password and code are asked. BMS opens in a second tab.
        await suite.LogInWithKaseyaOneAsync(page, "Acme IT", "Acme MSP", "alice");
        var bmsTab = await context.NewPageAsync();
        await bmsTab.GotoAsync(suite.BmsUrl + "/");
        await Assertions.Expect(bmsTab.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Dashboard") })).ToBeVisibleAsync();

        // Sign out of KaseyaOne: the BMS tab, reloaded, is back on the login page.
        await page.GotoAsync(suite.IdentityUrl + "/");
        await page.ChooseFromNameMenuAsync("Sign out");
        await Assertions.Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync();
        await bmsTab.ReloadAsync();
        await Assertions.Expect(bmsTab).ToHaveURLAsync(new Regex(Regex.Escape(suite.BmsUrl) + "/Accounts/Login"), new() { Timeout = 30_000 });
        await context.CloseAsync();
    }
}
