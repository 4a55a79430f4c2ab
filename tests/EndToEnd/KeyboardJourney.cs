using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>
/// Both apps from the keyboard alone: signing in, a refused code or password, a refused form, the skip link past the
/// top bar, and a visible focus ring at every stop of Tab.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class KeyboardJourney(Suite suite)
{
    [Fact]
    public async Task Journey_KaseyaOneFromTheKeyboard_ARefusedCodeKeepsFocusOnTheCodeWithItsMessage()
    {
        var page = await suite.NewPageAsync();
        await page.GotoAsync(suite.IdentityUrl + "/");
        await Assertions.Expect(page.GetByLabel("Company name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Globex MSP");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("gina");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(AccountBuilder.Password);
        await page.Keyboard.PressAsync("Enter");

        var code = page.GetByLabel("6-digit code");
        await code.WaitForAsync();
        if (await page.GetByText("Show secret key for manual configuration").IsVisibleAsync())
        {
            // Enrolment: the QR code has a text alternative, and the key for manual configuration opens from the keyboard.
            await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code for your authenticator app" })).ToBeVisibleAsync();
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");
            var secret = page.GetByTestId("secret-key");
            await Assertions.Expect(secret).ToBeVisibleAsync();
            suite.Authenticator.Enrol("Globex MSP", "gina", (await secret.InnerTextAsync()).Trim());
            await page.Keyboard.PressAsync("Tab");
        }
        await Assertions.Expect(code).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("000000");
        await page.Keyboard.PressAsync("Enter");

        // Back with the refusal: focus is on the code again, which the message describes.
        await Assertions.Expect(page.GetByTestId("sign-in-message")).ToBeVisibleAsync();
        await Assertions.Expect(code).ToBeFocusedAsync();
        await Assertions.Expect(code).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(code).ToHaveAccessibleDescriptionAsync(await page.GetByTestId("sign-in-message").InnerTextAsync());
        await page.Keyboard.PressAsync("ControlOrMeta+A");
        await page.Keyboard.TypeAsync(suite.Authenticator.NextCodeFor("Globex MSP", "gina"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My Modules" })).ToBeVisibleAsync();

        await page.SkipsTheTopBarAsync();
        var stops = await page.TabThroughWithVisibleFocusAsync();
        Assert.Contains("BUTTON App launcher", stops);
        Assert.Contains(stops, stop => stop.StartsWith("BUTTON Gina", StringComparison.Ordinal));

        // The app launcher from the keyboard reaches its unavailable modules too (the menu pattern's disabled items),
        // so that what they are and why they cannot be opened is heard, not skipped.
        await page.GetByTestId("app-launcher").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("End");
        var last = page.GetByRole(AriaRole.Menuitem).Last;
        await Assertions.Expect(last).ToBeFocusedAsync();
        await Assertions.Expect(last).ToHaveAttributeAsync("aria-disabled", "true");
        await Assertions.Expect(last).ToContainTextAsync("not yet available");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("app-launcher")).ToBeFocusedAsync();

        // A refused value in Module URLs: focus goes to that field, described by the message beside it.
        await page.GotoAsync(suite.IdentityUrl + "/Profile/ModuleUrls");
        var landing = page.GetByTestId("landing-page-bms");
        await landing.FocusAsync();
        await page.Keyboard.TypeAsync("https://elsewhere.example/");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("error-landing-page")).ToBeVisibleAsync();
        await Assertions.Expect(landing).ToBeFocusedAsync();
        await Assertions.Expect(landing).ToHaveAccessibleDescriptionAsync(await page.GetByTestId("error-landing-page").InnerTextAsync());
        await page.TabThroughWithVisibleFocusAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Journey_BmsFromTheKeyboard_ARefusedLoginAndARefusedFormFocusWhereTheProblemIs()
    {
        var page = await suite.NewPageAsync();
        await page.GotoAsync(suite.BmsUrl + "/Accounts/Login");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Company")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Globex Services");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("gina");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("not the password");
        await page.Keyboard.PressAsync("Enter");

        // The refusal is where focus starts, and Tab leads on into the form, kept as it was typed.
        var message = page.GetByTestId("login-message");
        await Assertions.Expect(message).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Company")).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByLabel("Company")).ToHaveValueAsync("Globex Services");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(AccountBuilder.Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        await page.SkipsTheTopBarAsync();
        var stops = await page.TabThroughWithVisibleFocusAsync();
        Assert.Contains("A Employees", stops);
        Assert.Contains(stops, stop => stop.StartsWith("BUTTON Gina", StringComparison.Ordinal));

        // New Employee sent empty: focus goes to the first refused field, described by its message; then to the next.
        await page.GotoAsync(suite.BmsUrl + "/Employees/New");
        await page.GetByLabel("First name").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var firstName = page.GetByLabel("First name");
        await Assertions.Expect(firstName).ToBeFocusedAsync();
        await Assertions.Expect(firstName).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(firstName).ToHaveAccessibleDescriptionAsync("Enter a first name.");
        await page.Keyboard.TypeAsync("Kim");
        await page.Keyboard.PressAsync("Enter");
        var lastName = page.GetByLabel("Last name");
        await Assertions.Expect(lastName).ToBeFocusedAsync();
        await Assertions.Expect(lastName).ToHaveAccessibleDescriptionAsync("Enter a last name.");
        await Assertions.Expect(firstName).ToHaveValueAsync("Kim");
        await Assertions.Expect(firstName).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await page.TabThroughWithVisibleFocusAsync();

        // Sent complete: the list of employees comes back starting at the notice of what was done, so that a screen
        // reader reads it (a status already on the page when it loads is not announced).
        var userName = "kim" + Guid.NewGuid().ToString("N")[..8];
        await lastName.FillAsync("Lee");
        await page.GetByLabel("Email").FillAsync(userName + "@globex.example");
        await page.GetByLabel("Username").FillAsync(userName);
        await page.GetByLabel("Initial password").FillAsync("Start!Pass2026");
        await page.GetByLabel("Initial password").PressAsync("Enter");
        var notice = page.GetByTestId("employees-notice");
        await Assertions.Expect(notice).ToHaveTextAsync($"Employee {userName} created. They choose their own password at their first login.");
        await Assertions.Expect(notice).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }
}
