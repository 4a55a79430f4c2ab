using System.Net;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Accounts;

/// <summary>SPEC rule 13: the returnUrl of the sign-in pages never sends the browser to another host, and never fails.</summary>
public sealed class ReturnUrlTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    /// <summary>Targets that browsers read as another host, raw and encoded once more (the query decodes one level).</summary>
    public static TheoryData<string> Tricks() =>
    [
        "//evil.example/",
        "/\\evil.example/",
        "/\t/evil.example/",
        "/\r\n/evil.example/",
        "https:evil.example",
        "https://evil.example/",
        "%2F%2Fevil.example%2F",
        "%2F%5Cevil.example",
        "/caf\u00e9",
    ];

    [Theory]
    [MemberData(nameof(Tricks))]
    public async Task Rule13_ASignInWithAForeignReturnUrlEndsOnTheKaseyaOneHomePage(string returnUrl)
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();

        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: returnUrl);

        Assert.Null(page.LeftTo);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("localhost", page.Url.Host);
        Assert.Equal("/", page.Url.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(Tricks))]
    public async Task Rule13_TheCodeAndEnrolmentPagesPassOnlyALocalReturnUrl(string returnUrl)
    {
        using var client = factory.CreateClient();

        foreach (var page in new[] { "/Mfa/Code", "/Mfa/Enrol" })
        {
            using var response = await client.GetAsync(page + "?returnUrl=" + Uri.EscapeDataString(returnUrl));

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Accounts/Login?expired=true&returnUrl=%2F", response.Headers.Location!.OriginalString);
        }
    }
}
