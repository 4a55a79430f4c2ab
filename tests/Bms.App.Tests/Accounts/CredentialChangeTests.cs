using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Tests.Api;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>
/// A user who changes their own password or replaces their authenticator ends what the old one opened: someone who
/// phished the password and a code keeps neither their BMS session nor the integration API token they took with them
/// (SPEC rule 12: a token is issued for the password and code the user had then). The browser that made the change
/// stays signed in, as in KaseyaOne.
/// </summary>
public sealed class CredentialChangeTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    private const string NewPassword = "Chosen-After-A-Phish-2026";

    [Fact]
    public async Task Rule12_AChangedPasswordSignsTheUserOutElsewhere_AndEndsTheirApiTokens()
    {
        var (_, owner, intruder, apiToken) = await SignedInTwiceWithATokenAsync("rotator");

        var changed = await owner.SubmitAsync(await owner.OpenAsync("/Accounts/ChangePassword"), new Dictionary<string, string>
        {
            ["CurrentPassword"] = AccountBuilder.Password, ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword,
        });

        Assert.Equal("Your password was changed. Your other session was signed out.", changed.TestId("password-message"));
        await AssertOnlyTheOwnerIsInAsync(owner, intruder, apiToken);
    }

    [Fact]
    public async Task Rule8_AReplacedAuthenticatorSignsTheUserOutElsewhere_AndEndsTheirApiTokens()
    {
        var (oldSecret, owner, intruder, apiToken) = await SignedInTwiceWithATokenAsync("reauthenticator");

        var configure = await owner.OpenAsync("/Mfa/Configure");
        var replaced = await owner.SubmitAsync(configure, new Dictionary<string, string>
        {
            ["CurrentCode"] = factory.NextCode(oldSecret), ["Code"] = factory.NextCode(configure.TestId("secret-key")!),
        });

        Assert.Equal("MFA is configured: your next login asks for a 6-digit code. Your other session was signed out.", replaced.TestId("mfa-notice"));
        await AssertOnlyTheOwnerIsInAsync(owner, intruder, apiToken);
    }

    /// <summary>A first authenticator: the sessions opened with the password alone end with it, the one that set it up stays.</summary>
    [Fact]
    public async Task Rule8_AFirstAuthenticatorSignsTheUserOutElsewhere()
    {
        var userName = "first-mfa-" + Guid.NewGuid().ToString("N")[..6];
        await factory.Services.AddBmsUserAsync(BmsFactory.Acme, userName);
        using var owner = factory.NewBrowser();
        using var other = factory.NewBrowser();
        Assert.Equal("/", (await owner.LogInToBmsAsync(BmsFactory.Acme, userName)).Path);
        Assert.Equal("/", (await other.LogInToBmsAsync(BmsFactory.Acme, userName)).Path);

        var configure = await owner.OpenAsync("/Mfa/Configure");
        var done = await owner.SubmitAsync(configure, new Dictionary<string, string> { ["Code"] = factory.NextCode(configure.TestId("secret-key")!) });

        Assert.Equal("MFA is configured: your next login asks for a 6-digit code. Your other session was signed out.", done.TestId("mfa-notice"));
        Assert.Equal("/Accounts/Login", (await other.OpenAsync("/")).Path);
        Assert.Equal("/", (await owner.OpenAsync("/")).Path);
    }

    /// <summary>SPEC rule 15: an initial password, which the admin who set it knows, gets no API token before it is replaced.</summary>
    [Fact]
    public async Task Rule15_NoApiTokenIsIssuedForAnInitialPassword()
    {
        var userName = "initial-" + Guid.NewGuid().ToString("N")[..6];
        var secret = await factory.AddMfaEmployeeAsync(BmsFactory.Acme, userName);
        await SetMustChangePasswordAsync(userName, true);
        using var client = factory.CreateClient();

        var refused = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, userName, AccountBuilder.Password, factory.NextCode(secret));
        await SetMustChangePasswordAsync(userName, false);
        var issued = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, userName, AccountBuilder.Password, factory.NextCode(secret));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
    }

    private Task SetMustChangePasswordAsync(string userName, bool value) =>
        factory.WithDbAsync(async (db, _) =>
        {
            (await db.Users.SingleAsync(u => u.UserName == userName)).MustChangePassword = value;
            await db.SaveChangesAsync();
        });

    /// <summary>An Employee with MFA signed in in two browsers (the owner's and an intruder's), and an API token.</summary>
    private async Task<(string Secret, FormBrowser Owner, FormBrowser Intruder, string ApiToken)> SignedInTwiceWithATokenAsync(string prefix)
    {
        var userName = prefix + "-" + Guid.NewGuid().ToString("N")[..6];
        var secret = await factory.AddMfaEmployeeAsync(BmsFactory.Acme, userName);
        var owner = factory.NewBrowser();
        var intruder = factory.NewBrowser();
        foreach (var browser in new[] { owner, intruder })
        {
            var codeStep = await browser.LogInToBmsAsync(BmsFactory.Acme, userName);
            Assert.Equal("/", (await browser.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = factory.NextCode(secret) })).Path);
        }
        using var client = factory.CreateClient();
        return (secret, owner, intruder, await factory.TokenAsync(client, username: userName, secret: secret));
    }

    private async Task AssertOnlyTheOwnerIsInAsync(FormBrowser owner, FormBrowser intruder, string apiToken)
    {
        using var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/companies")).StatusCode);
        Assert.Equal("/Accounts/Login", (await intruder.OpenAsync("/")).Path);
        Assert.Equal("/", (await owner.OpenAsync("/")).Path);
        owner.Dispose();
        intruder.Dispose();
    }
}
