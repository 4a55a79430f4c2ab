using System.Net;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>SPEC rule 8: My Profile &gt; Configure MFA; never for Api users.</summary>
public sealed class ConfigureMfaTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    [Fact]
    public async Task Rule8_ConfigureMfaShowsQrAndSecret_ConfirmingTurnsItOn_AndTheNextLoginAsksForTheCode()
    {
        using var browser = factory.NewBrowser();
        await browser.LogInToBmsAsync(BmsFactory.Acme, "erin");
        var profile = await browser.OpenAsync("/Accounts/Profile");
        Assert.True(profile.Has("configure-mfa"));

        var configure = await browser.OpenAsync("/Mfa/Configure");
        Assert.Contains("src=\"data:image/png;base64,", configure.Html, StringComparison.Ordinal);
        Assert.Contains("Show Secret Key for Manual Configuration", configure.Html, StringComparison.Ordinal);
        var secret = configure.TestId("secret-key")!;
        Assert.Matches("^[A-Z2-7]{32}$", secret);

        var wrong = await browser.SubmitAsync(configure, new Dictionary<string, string> { ["Code"] = "000000" });
        Assert.Equal(LoginMessages.WrongCode, wrong.TestId("mfa-message"));
        var done = await browser.SubmitAsync(configure, new Dictionary<string, string> { ["Code"] = factory.NextCode(secret) });
        Assert.True(done.Has("mfa-notice"));

        using var next = factory.NewBrowser();
        var codeStep = await next.LogInToBmsAsync(BmsFactory.Acme, "erin");
        Assert.Equal("/Mfa/Code", codeStep.Path);
        Assert.Equal("/", (await next.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = factory.NextCode(secret) })).Path);
    }

    [Fact]
    public async Task Rule8_ApiUserCannotConfigureMfa_TheOptionIsAbsentAndTheServerRefuses()
    {
        using var browser = factory.NewBrowser();
        await browser.LogInToBmsAsync(BmsFactory.Acme, "apiuser");

        var profile = await browser.OpenAsync("/Accounts/Profile");
        var page = await browser.OpenAsync("/Mfa/Configure");
        var post = await browser.SubmitAsync(profile, new Dictionary<string, string> { ["Code"] = "123456" }, action: "/Mfa/Configure");

        Assert.Equal(HttpStatusCode.OK, profile.Status);
        Assert.False(profile.Has("configure-mfa"));
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        await factory.WithDbAsync(async (db, _) =>
            Assert.Null((await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.UserName == "apiuser")).TotpSecret));
    }
}
