using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>BMS as deployed (Transport:HttpsOnly): the security headers on its pages, Secure __Host- cookies.</summary>
public sealed partial class TransportTests(BmsFactory fixture) : IClassFixture<BmsFactory>
{
    [Fact]
    public async Task Rule13_ALoginOverHttpsSetsOnlySecureCookies_TheSessionOneHostPrefixed_AndPagesCarryCsp()
    {
        using var app = fixture.WithWebHostBuilder(b => b.UseSetting("Transport:HttpsOnly", "true"));
        var cookies = new CookieContainer();
        using var client = app.CreateDefaultClient(new Uri("https://bms.example/"), new CookieContainerHandler(cookies));

        using var login = await client.GetAsync("/Accounts/Login");
        var html = await login.Content.ReadAsStringAsync();
        using var posted = await client.PostAsync("/Accounts/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Antiforgery().Match(html).Groups[1].Value),
            ["Company"] = BmsFactory.Acme, ["UserName"] = "bob", ["Password"] = AccountBuilder.Password,
        }));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var csp = string.Join(';', login.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        var all = cookies.GetAllCookies();
        Assert.All(all, c => Assert.True(c.Secure, c.Name + " is not Secure"));
        var session = Assert.Single(all, c => c.Name == "__Host-bms.session");
        Assert.True(session.HttpOnly);
        Assert.Contains(all, c => c.Name == "__Host-bms.antiforgery");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
