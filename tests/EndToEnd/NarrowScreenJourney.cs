using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>
/// Both apps on a phone-sized screen (375 px wide): the sign-in, code, landing and BMS login pages fit the width, and
/// the top bar keeps the app launcher, the name menu and their panels on screen.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class NarrowScreenJourney(Suite suite)
{
    private const int Width = 375;

    [Fact]
    public async Task Journey_OnA375PixelScreen_SignInCodeLandingAndBmsLoginFitTheWidth()
    {
        var context = await suite.Browser.NewContextAsync(new() { ViewportSize = new() { Width = Width, Height = 667 } });
        var page = await suite.NewPageAsync(context);

        await page.GotoAsync(suite.IdentityUrl + "/");
        await FitsTheWidthAsync(page);
        await page.EnterPasswordAtKaseyaOneAsync("Globex MSP", "gina");
        await FitsTheWidthAsync(page);
        await OnScreenAsync(page.GetByLabel("6-digit code"));
        await suite.EnterCodeAtKaseyaOneAsync(page, "Globex MSP", "gina");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My Modules" })).ToBeVisibleAsync();
        await FitsTheWidthAsync(page);
        await OnScreenAsync(page.GetByTestId("app-launcher"));
        await OnScreenAsync(page.GetByTestId("user-name"));
        await page.GetByTestId("app-launcher").ClickAsync();
        await OnScreenAsync(page.Locator("#app-launcher-panel"));
        await page.GetByTestId("user-name").ClickAsync();
        await OnScreenAsync(page.Locator("#name-menu-panel"));

        await page.GotoAsync(suite.BmsUrl + "/Accounts/Login");
        await FitsTheWidthAsync(page);
        await OnScreenAsync(page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }));
        await page.LogInToBmsAsync(suite.BmsUrl, "Globex Services", "gina");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await FitsTheWidthAsync(page);
        await OnScreenAsync(page.GetByTestId("user-name"));
        await page.GetByTestId("user-name").ClickAsync();
        await OnScreenAsync(page.Locator("#name-menu-panel"));
    }

    /// <summary>Nothing reaches past the screen's right edge: the page does not scroll sideways.</summary>
    private static async Task FitsTheWidthAsync(IPage page)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= Width, $"{page.Url} is {scrollWidth} px wide on a {Width} px screen");
    }

    private static async Task OnScreenAsync(ILocator element)
    {
        await Assertions.Expect(element).ToBeVisibleAsync();
        var box = await element.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= Width, $"{element} spans {box.X}..{box.X + box.Width} px on a {Width} px screen");
    }
}
