using Microsoft.Playwright;
using OtpNet;

namespace SsoSuite.EndToEnd;

[Collection(SuiteCollection.Name)]
public sealed class KaseyaOneSignInJourney(Suite suite)
{
    [Fact]
    public async Task Journey_NewAccountEnrolsFromTheManualSecretThenSignsInWithPasswordAndCode()
    {
        var page = await suite.NewPageAsync();
        await page.GotoAsync(suite.IdentityUrl + "/");

        // Not signed in: the blue KaseyaOne sign-in page.
        await page.GetByLabel("Company name").FillAsync("Acme MSP");
        await page.GetByLabel("Username").FillAsync("bob");
        await page.GetByLabel("Password").FillAsync("Demo!Pass2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        // First sign-in: enrol an authenticator from the QR page's manual secret.
        await Assertions.Expect(page.GetByTestId("qr-code")).ToBeVisibleAsync();
        await page.GetByText("Show secret key for manual configuration").ClickAsync();
        var secret = (await page.GetByTestId("secret-key").InnerTextAsync()).Trim();
        await page.GetByLabel("6-digit code").FillAsync(CodeFor(secret, step: 0));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My Modules" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Bob Builder");

        // Sign out, then in again: password and a new code.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync();
        await page.GotoAsync(suite.IdentityUrl + "/");
        await page.GetByLabel("Company name").FillAsync("Acme MSP");
        await page.GetByLabel("Username").FillAsync("bob");
        await page.GetByLabel("Password").FillAsync("Demo!Pass2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("6-digit code").FillAsync(CodeFor(secret, step: 1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My Modules" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        // The app launcher next to the user's name opens, and Escape closes it.
        await page.GetByTestId("app-launcher").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "BMS" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "BMS" })).ToBeHiddenAsync();
    }

    /// <summary>The code an authenticator shows now (step 0) or at the next step, which the provider accepts as drift.</summary>
    private static string CodeFor(string secret, int step) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * step));
}
