using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>SPEC rules 2, 5, 6 and 7 in a real browser, with the demo companies.</summary>
[Collection(SuiteCollection.Name)]
public sealed class BmsIntegrationJourney(Suite suite)
{
    [Fact]
    public async Task Journey_AdminEnables_LogsInWithKaseyaOne_SecondTenantIsRefused_UserLinks_AdminDisables()
    {
        // An admin enables the integration: the slider sends her to KaseyaOne and back.
        var alice = await suite.NewPageAsync();
        await suite.TurnOnAcmeIntegrationAsync(alice);

        // She signs out of BMS and of KaseyaOne, then uses Log in with KaseyaOne: password and code again.
        await alice.ChooseFromNameMenuAsync("Log out");
        await alice.GotoAsync(suite.IdentityUrl + "/Sessions/SignOut");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await alice.GotoAsync(suite.BmsUrl + "/Accounts/Login");
        await alice.GetByTestId("kaseyaone-login").ClickAsync();
        await suite.SignInAtKaseyaOneAsync(alice, "Acme MSP", "alice");
        await Assertions.Expect(alice.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Dashboard") })).ToBeVisibleAsync();
        await Assertions.Expect(alice.GetByTestId("app-launcher")).ToBeVisibleAsync();

        // The admin of another BMS tenant tries the same KaseyaOne tenant: rule 2's words, nothing changes.
        var gina = await suite.NewPageAsync();
        await suite.TurnOnKaseyaOneIntegrationAsync(gina, ("Globex Services", "gina"), ("Acme MSP", "alice"));
        await Assertions.Expect(gina.GetByTestId("kaseyaone-error")).ToHaveTextAsync(JourneySteps.Rule2Refusal);
        await Assertions.Expect(gina.GetByTestId("kaseyaone-state")).ToHaveTextAsync("Disabled");

        // A non-admin enables, then disables, their own link.
        var bob = await suite.NewBmsPageAsync("Acme IT", "bob");
        await bob.GotoAsync(suite.BmsUrl + "/Accounts/Settings");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Enable Login with KaseyaOne" }).ClickAsync();
        await suite.SignInAtKaseyaOneAsync(bob, "Acme MSP", "bob");
        await Assertions.Expect(bob).ToHaveURLAsync(suite.BmsUrl + "/");
        await bob.GotoAsync(suite.BmsUrl + "/Accounts/Settings");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Disable Login with KaseyaOne" }).ClickAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Button, new() { Name = "Enable Login with KaseyaOne" })).ToBeVisibleAsync();

        // He enables it again, logs out and logs in with KaseyaOne (the KaseyaOne session of that Enable is live: no
        // prompt). Signed in through KaseyaOne, he disables and enables his link: Enable's fresh KaseyaOne sign-in
        // replaces the KaseyaOne session his BMS session came from, and he still lands on the home page, signed in
        // (rules 6 and 9). Logging out then ends both sessions.
        await bob.GetByRole(AriaRole.Button, new() { Name = "Enable Login with KaseyaOne" }).ClickAsync();
        await suite.SignInAtKaseyaOneAsync(bob, "Acme MSP", "bob");
        await Assertions.Expect(bob).ToHaveURLAsync(suite.BmsUrl + "/");
        await bob.ChooseFromNameMenuAsync("Log out");
        await bob.GotoAsync(suite.BmsUrl + "/kaseyaone/login?company=Acme%20IT");
        await Assertions.Expect(bob.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Dashboard") })).ToBeVisibleAsync();
        await bob.GotoAsync(suite.BmsUrl + "/Accounts/Settings");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Disable Login with KaseyaOne" }).ClickAsync();
        await bob.GetByRole(AriaRole.Button, new() { Name = "Enable Login with KaseyaOne" }).ClickAsync();
        await suite.SignInAtKaseyaOneAsync(bob, "Acme MSP", "bob");
        await Assertions.Expect(bob).ToHaveURLAsync(suite.BmsUrl + "/");
        await Assertions.Expect(bob.GetByTestId("kaseyaone-notice")).ToHaveTextAsync("Login with KaseyaOne is enabled for your user.");
        await bob.GotoAsync(suite.BmsUrl + "/Accounts/Settings");
        await Assertions.Expect(bob.GetByRole(AriaRole.Button, new() { Name = "Disable Login with KaseyaOne" })).ToBeVisibleAsync();
        await bob.ChooseFromNameMenuAsync("Log out");
        await Assertions.Expect(bob).ToHaveURLAsync(new Regex(Regex.Escape(suite.BmsUrl) + "/Accounts/Login"));
        await bob.GotoAsync(suite.IdentityUrl + "/");
        await Assertions.Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "Sign in to KaseyaOne" })).ToBeVisibleAsync();

        // The admin disables the integration: the login page's link is disabled.
        await alice.GotoAsync(suite.BmsUrl + "/Admin/Integrations/KaseyaOne");
        await alice.GetByTestId("kaseyaone-slider").ClickAsync();
        await Assertions.Expect(alice.GetByTestId("kaseyaone-notice")).ToHaveTextAsync(JourneySteps.Completed);
        await Assertions.Expect(alice.GetByTestId("kaseyaone-state")).ToHaveTextAsync("Disabled");
        var visitor = await suite.NewPageAsync();
        await visitor.GotoAsync(suite.BmsUrl + "/Accounts/Login");
        await visitor.GetByLabel("Company").FillAsync("Acme IT");
        await Assertions.Expect(visitor.GetByTestId("kaseyaone-login")).ToHaveAttributeAsync("aria-disabled", "true");
    }
}
