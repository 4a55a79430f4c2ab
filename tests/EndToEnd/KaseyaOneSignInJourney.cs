using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

[Collection(SuiteCollection.Name)]
public sealed class KaseyaOneSignInJourney(Suite suite)
{
    [Fact]
    public async Task Journey_NewAccountEnrolsFromTheManualSecretThenSignsInWithPasswordAndCode()
    {
        var page = await suite.NewPageAsync();
        await page.GotoAsync(suite.IdentityUrl + "/");

        // Not signed in: the blue KaseyaOne page; first sign-in enrols from the QR page's manual secret.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to KaseyaOne" })).ToBeVisibleAsync();
        await suite.SignInAtKaseyaOneAsync(page, "Acme MSP", "erin");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My Modules" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Erin Smith");

        // Sign out, then in again: password and a new code.
        await page.ChooseFromNameMenuAsync("Sign out");
        await Assertions.Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync();
        await page.GotoAsync(suite.IdentityUrl + "/");
        await suite.SignInAtKaseyaOneAsync(page, "Acme MSP", "erin");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My Modules" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        // The app launcher next to the user's name opens, and Escape closes it.
        await page.GetByTestId("app-launcher").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "BMS" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "BMS" })).ToBeHiddenAsync();
    }
}
