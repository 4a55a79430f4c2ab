using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>
/// Both apps on a phone-sized screen (375 px wide): the sign-in, code, landing and BMS login pages fit the width, and
/// the top bar keeps the app launcher, the name menu and their panels on screen.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class NarrowScreenJourney(Suite suite)
{
    [Fact]
    public async Task Journey_OnA375PixelScreen_SignInCodeLandingAndBmsLoginFitTheWidth()
    {
        var page = await suite.NewPhonePageAsync();

        await page.GotoAsync(suite.IdentityUrl + "/");
        await page.FitsTheWidthAsync();
        await page.EnterPasswordAtKaseyaOneAsync("Globex MSP", "gina");
        await page.FitsTheWidthAsync();
        await page.GetByLabel("6-digit code").OnScreenAsync();
        await suite.EnterCodeAtKaseyaOneAsync(page, "Globex MSP", "gina");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My Modules" })).ToBeVisibleAsync();
        await page.FitsTheWidthAsync();
        await page.GetByTestId("app-launcher").OnScreenAsync();
        await page.GetByTestId("user-name").OnScreenAsync();
        await page.GetByTestId("app-launcher").ClickAsync();
        await page.Locator("#app-launcher-panel").OnScreenAsync();
        await page.GetByTestId("user-name").ClickAsync();
        await page.Locator("#name-menu-panel").OnScreenAsync();

        await page.GotoAsync(suite.BmsUrl + "/Accounts/Login");
        await page.FitsTheWidthAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).OnScreenAsync();
        await page.LogInToBmsAsync(suite.BmsUrl, "Globex Services", "gina");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await page.FitsTheWidthAsync();
        await page.GetByTestId("user-name").OnScreenAsync();
        await page.GetByTestId("user-name").ClickAsync();
        await page.Locator("#name-menu-panel").OnScreenAsync();
    }
}
