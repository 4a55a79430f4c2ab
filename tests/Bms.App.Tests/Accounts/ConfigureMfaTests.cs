using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using SsoSuite.Bms.Accounts;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>
/// SPEC rule 8: My Profile &gt; Configure MFA. Api users never reach it: BMS refuses them at the login and its pages
/// refuse their sessions (<see cref="StaffOnlyTests"/>).
/// </summary>
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
        // The refused field says so and is described by the message (a screen reader reads both where focus lands).
        Assert.Matches("<input id=\"Code\"[^>]*aria-invalid=\"true\" aria-describedby=\"mfa-message\"", wrong.Html);
        var done = await browser.SubmitAsync(configure, new Dictionary<string, string> { ["Code"] = factory.NextCode(secret) });
        Assert.True(done.Has("mfa-notice"));

        using var next = factory.NewBrowser();
        var codeStep = await next.LogInToBmsAsync(BmsFactory.Acme, "erin");
        Assert.Equal("/Mfa/Code", codeStep.Path);
        Assert.Equal("/", (await next.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = factory.NextCode(secret) })).Path);
    }

    [Fact]
    public async Task Rule8_ReplacingAnAuthenticatorNeedsACodeFromTheCurrentOne()
    {
        var oldSecret = await factory.AddMfaEmployeeAsync(BmsFactory.Acme, "replacer");
        using var browser = factory.NewBrowser();
        var codeStep = await browser.LogInToBmsAsync(BmsFactory.Acme, "replacer");
        await browser.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = factory.NextCode(oldSecret) });

        var configure = await browser.OpenAsync("/Mfa/Configure");
        var newSecret = configure.TestId("secret-key")!;
        var withoutCurrent = await browser.SubmitAsync(configure, new Dictionary<string, string> { ["Code"] = factory.NextCode(newSecret) });
        var storedThen = await StoredSecretAsync("replacer");
        var withCurrent = await browser.SubmitAsync(configure, new Dictionary<string, string>
        {
            ["CurrentCode"] = factory.NextCode(oldSecret), ["Code"] = factory.NextCode(newSecret),
        });

        Assert.True(configure.Has("current-code"));
        Assert.False(withoutCurrent.Has("mfa-notice"));
        Assert.Equal(oldSecret, storedThen);
        Assert.True(withCurrent.Has("mfa-notice"));
        Assert.Equal(newSecret, await StoredSecretAsync("replacer"));
    }

    [Fact]
    public async Task Rule8_EachVisitOffersANewSecret_AndNoneIsStoredBeforeACodeConfirmsIt()
    {
        await factory.Services.AddBmsUserAsync(BmsFactory.Acme, "fresh-mfa");
        using var browser = factory.NewBrowser();
        await browser.LogInToBmsAsync(BmsFactory.Acme, "fresh-mfa");

        var first = (await browser.OpenAsync("/Mfa/Configure")).TestId("secret-key");
        var second = (await browser.OpenAsync("/Mfa/Configure")).TestId("secret-key");

        Assert.NotEqual(first, second);
        Assert.Null(await StoredSecretAsync("fresh-mfa"));
    }

    private async Task<string?> StoredSecretAsync(string userName)
    {
        string? stored = null;
        await factory.WithDbAsync(async (db, services) =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == userName);
            stored = user.TotpSecret is null
                ? null
                : Base32Encoding.ToString(services.GetRequiredService<TotpSecretProtection<BmsUser>>().Unprotect(user.TotpSecret));
        });
        return stored;
    }
}
