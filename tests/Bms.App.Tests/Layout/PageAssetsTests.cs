using System.Net;
using System.Text.RegularExpressions;

namespace SsoSuite.Bms.Tests.Layout;

/// <summary>
/// What a browser loads beside BMS's pages: each names its icon, and every icon, style sheet and script it names
/// answers, so that no browser asks for a /favicon.ico that is not there and logs a 404 on every page.
/// </summary>
public sealed class PageAssetsTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    [Fact]
    public async Task Journey_LoginPageAndDashboard_NameTheirIcon_AndEveryAssetAnswers()
    {
        using var browser = factory.NewBrowser();

        var login = await browser.OpenAsync("/Accounts/Login");
        var dashboard = await browser.LogInToBmsAsync(BmsFactory.Acme, "bob");

        foreach (var page in new[] { login, dashboard })
        {
            Assert.Matches("<link rel=\"icon\" href=\"/img/[^\"]+\\.svg[^\"]*\" type=\"image/svg\\+xml\"", page.Html);
            var assets = Regex.Matches(page.Html, "<(?:link|script)\\b[^>]*\\b(?:href|src)=\"(?<url>/[^\"]+)\"")
                .Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value)).ToList();
            Assert.NotEmpty(assets);
            foreach (var asset in assets)
            {
                using var response = await browser.Http.GetAsync(asset);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} on {page.Path} answered {(int)response.StatusCode}");
            }
        }
    }
}
