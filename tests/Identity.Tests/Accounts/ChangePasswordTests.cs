using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Accounts;

/// <summary>Profile Settings &gt; Change password: the current password, then the new one twice.</summary>
public sealed class ChangePasswordTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private const string NewPassword = "Brand-New-2026";

    [Fact]
    public async Task ChangePassword_NeedsTheCurrentPassword_ThenOnlyTheNewOneSignsIn()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        var profile = await browser.OpenAsync("/Profile/ModuleUrls");
        var form = await browser.OpenAsync("/Profile/Password");

        var wrong = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["CurrentPassword"] = "not-my-password", ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword,
        });
        var mismatch = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["CurrentPassword"] = AccountBuilder.Password, ["NewPassword"] = NewPassword, ["ConfirmPassword"] = "Brand-New-2027",
        });
        var changed = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["CurrentPassword"] = AccountBuilder.Password, ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword,
        });

        Assert.Contains("href=\"/Profile/Password\"", profile.Html, StringComparison.Ordinal);
        Assert.Equal("The current password is incorrect.", wrong.TestId("password-message"));
        Assert.Equal("The two new passwords do not match.", mismatch.TestId("password-message"));
        Assert.Equal("Your password was changed.", changed.TestId("password-message"));
        using var next = factory.NewBrowser();
        Assert.Equal("/Accounts/Login", (await next.EnterPasswordAsync(IdentityFactory.Company, user)).Path);
        Assert.Equal("/Mfa/Code", (await next.EnterPasswordAsync(IdentityFactory.Company, user, NewPassword)).Path);
    }
}
