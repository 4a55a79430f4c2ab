using System.Text.RegularExpressions;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Layout;

/// <summary>The seeds' words on KaseyaOne's pages, and the menu under the user's name (SPEC rule 17).</summary>
public sealed class SeedWordingTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Seed001_SignInPageSaysFormerlyITCompleteOnce()
    {
        using var browser = factory.NewBrowser();

        var login = await browser.OpenAsync("/Accounts/Login");

        Assert.Single(Regex.Matches(login.Html, Regex.Escape("KaseyaOne (formerly IT Complete)")));
    }

    [Fact]
    public async Task Seed001_EnrolmentPageNamesTwilioAmongTheAuthenticatorApps()
    {
        using var browser = factory.NewBrowser();

        var enrol = await browser.EnterPasswordAsync(IdentityFactory.Company, await factory.CreateAsync());

        Assert.Equal("/Mfa/Enrol", enrol.Url.AbsolutePath);
        Assert.Matches("Microsoft or Google Authenticator, Duo, Twilio, Passly, FreeOTP", enrol.Html);
    }

    [Fact]
    public async Task Rule17_TheNameIsAMenuButton_OpeningProfileSettingsMySessionsAndSignOut()
    {
        using var browser = factory.NewBrowser();
        var user = await factory.CreateAsync();
        var home = await browser.SignInAsync(IdentityFactory.Company, user);

        var button = Regex.Match(home.Html, "<button[^>]*data-testid=\"user-name\"[^>]*>").Value;
        Assert.Contains("aria-haspopup=\"menu\"", button, StringComparison.Ordinal);
        Assert.Contains("aria-expanded=\"false\"", button, StringComparison.Ordinal);
        Assert.Equal("Test " + user, home.TestId("user-name"));
        var menu = Regex.Match(home.Html, "<div id=\"name-menu-panel\"[^>]*role=\"menu\"[^>]*hidden>(.*?)</div>", RegexOptions.Singleline);
        Assert.True(menu.Success);
        Assert.Equal(["/Profile/ModuleUrls", "/Sessions/Mine"],
            Regex.Matches(menu.Value, "<a role=\"menuitem\" href=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Matches("<button type=\"submit\" role=\"menuitem\">Sign out</button>", menu.Value);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.OpenAsync("/Profile/ModuleUrls")).Status);
    }

    [Fact]
    public async Task Rule10_TheAppLauncherIsAMenuButton_WhoseMenuIsNamedKaseyaOneApps()
    {
        using var browser = factory.NewBrowser();
        var home = await browser.SignInAsync(IdentityFactory.Company, await factory.CreateAsync());

        var button = Regex.Match(home.Html, "<button[^>]*data-testid=\"app-launcher\"[^>]*>").Value;
        Assert.Contains("aria-haspopup=\"menu\"", button, StringComparison.Ordinal);
        Assert.Contains("aria-expanded=\"false\"", button, StringComparison.Ordinal);
        // A screen reader names the menu when it opens; inside it, only the items count (the shown title is hidden from it).
        Assert.Matches("<div id=\"app-launcher-panel\"[^>]*role=\"menu\" aria-label=\"KaseyaOne apps\"", home.Html);
        Assert.Matches("<p class=\"launcher-title\" aria-hidden=\"true\">", home.Html);
    }
}
