using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>SPEC rule 17 in a real browser: the menus under the user's name, by mouse and by keyboard.</summary>
[Collection(SuiteCollection.Name)]
public sealed class NameMenuJourney(Suite suite)
{
    [Fact]
    public async Task Journey_KaseyaOneNameMenu_ReachesProfileSettings_AndWorksFromTheKeyboard()
    {
        var page = await suite.NewPageAsync();
        await page.GotoAsync(suite.IdentityUrl + "/");
        await Assertions.Expect(page.GetByText("KaseyaOne (formerly IT Complete)")).ToHaveCountAsync(1);
        await suite.SignInAtKaseyaOneAsync(page, "Acme MSP", "bob");

        var name = page.GetByTestId("user-name");
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-expanded", "false");
        await name.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Profile Settings" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "My sessions" })).ToHaveAttributeAsync("href", "/Sessions/Mine");
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "My sessions" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(name).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" })).ToBeHiddenAsync();

        await page.ChooseFromNameMenuAsync("Profile Settings");
        await Assertions.Expect(page).ToHaveURLAsync(suite.IdentityUrl + "/Profile/ModuleUrls");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Profile Settings" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Module URLs" })).ToHaveAttributeAsync("aria-current", "page");
    }

    [Fact]
    public async Task Journey_BmsNameMenu_OpensMyProfileAndMySettings_AndLogsOut()
    {
        var page = await suite.NewBmsPageAsync("Acme IT", "bob");

        await page.ChooseFromNameMenuAsync("My Profile");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My Profile" })).ToBeVisibleAsync();
        await page.ChooseFromNameMenuAsync("My Settings");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My Settings" })).ToBeVisibleAsync();

        // From the keyboard: ArrowUp on the button opens the menu on its last item.
        await page.GetByTestId("user-name").FocusAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Log out" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(suite.BmsUrl) + "/Accounts/Login"));
    }
}
