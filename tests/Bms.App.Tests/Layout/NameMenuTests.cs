using System.Text.RegularExpressions;

namespace SsoSuite.Bms.Tests.Layout;

/// <summary>SPEC rule 17 in BMS: the user's name opens My Profile, My Settings and Log out.</summary>
public sealed class NameMenuTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    [Fact]
    public async Task Rule17_TheNameIsAMenuButton_OpeningMyProfileMySettingsAndLogOut()
    {
        using var browser = factory.NewBrowser();

        var dashboard = await browser.LogInToBmsAsync(BmsFactory.Acme, "bob");

        var button = Regex.Match(dashboard.Html, "<button[^>]*data-testid=\"user-name\"[^>]*>").Value;
        Assert.Contains("aria-haspopup=\"menu\"", button, StringComparison.Ordinal);
        Assert.Contains("aria-expanded=\"false\"", button, StringComparison.Ordinal);
        var menu = Regex.Match(dashboard.Html, "<div id=\"name-menu-panel\"[^>]*role=\"menu\"[^>]*hidden>(.*?)</div>", RegexOptions.Singleline);
        Assert.Equal(["My Profile", "My Settings"],
            Regex.Matches(menu.Value, "<a role=\"menuitem\" href=\"[^\"]+\">([^<]+)</a>").Select(m => m.Groups[1].Value));
        Assert.Matches("<button type=\"submit\" role=\"menuitem\">Log out</button>", menu.Value);
        Assert.Contains("/_content/SsoSuite.Shared/js/menus.js", dashboard.Html, StringComparison.Ordinal);
    }
}
