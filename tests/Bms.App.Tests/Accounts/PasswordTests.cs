using Microsoft.EntityFrameworkCore;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>SPEC rule 15: an initial password is replaced at the first login; My Profile &gt; Change password.</summary>
public sealed class PasswordTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    private const string OwnPassword = "Chosen-By-Me-2026";

    [Fact]
    public async Task Rule15_AUserCreatedWithAnInitialPasswordChoosesTheirOwnBeforeAnySession()
    {
        await factory.Services.AddBmsUserAsync(BmsFactory.Acme, "newstarter");
        await factory.WithDbAsync(async (db, _) =>
        {
            (await db.Users.SingleAsync(u => u.UserName == "newstarter")).MustChangePassword = true;
            await db.SaveChangesAsync();
        });
        using var browser = factory.NewBrowser();

        var choose = await browser.LogInToBmsAsync(BmsFactory.Acme, "newstarter");
        var dashboardBefore = await browser.OpenAsync("/");
        var tooShort = await browser.SubmitAsync(choose, new Dictionary<string, string> { ["NewPassword"] = "short", ["ConfirmPassword"] = "short" });
        var done = await browser.SubmitAsync(choose, new Dictionary<string, string> { ["NewPassword"] = OwnPassword, ["ConfirmPassword"] = OwnPassword });

        Assert.Equal("/Accounts/ChoosePassword", choose.Path);
        Assert.Equal("/Accounts/Login", dashboardBefore.Path);
        Assert.NotNull(tooShort.TestId("password-message"));
        Assert.Equal("/", done.Path);
        using var next = factory.NewBrowser();
        Assert.Equal("/Accounts/Login", (await next.LogInToBmsAsync(BmsFactory.Acme, "newstarter")).Path);
        Assert.Equal("/", (await next.LogInToBmsAsync(BmsFactory.Acme, "newstarter", OwnPassword)).Path);
    }

    [Fact]
    public async Task ChangePassword_NeedsTheCurrentPassword_ThenOnlyTheNewOneWorks()
    {
        await factory.Services.AddBmsUserAsync(BmsFactory.Acme, "changer");
        using var browser = factory.NewBrowser();
        await browser.LogInToBmsAsync(BmsFactory.Acme, "changer");
        var profile = await browser.OpenAsync("/Accounts/Profile");
        var form = await browser.OpenAsync("/Accounts/ChangePassword");

        var wrong = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["CurrentPassword"] = "not-it", ["NewPassword"] = OwnPassword, ["ConfirmPassword"] = OwnPassword,
        });
        var right = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["CurrentPassword"] = AccountBuilder.Password, ["NewPassword"] = OwnPassword, ["ConfirmPassword"] = OwnPassword,
        });

        Assert.True(profile.Has("change-password"));
        Assert.Equal("The current password is incorrect.", wrong.TestId("password-message"));
        Assert.Equal("Your password was changed.", right.TestId("password-message"));
        using var next = factory.NewBrowser();
        Assert.Equal("/Accounts/Login", (await next.LogInToBmsAsync(BmsFactory.Acme, "changer")).Path);
        Assert.Equal("/", (await next.LogInToBmsAsync(BmsFactory.Acme, "changer", OwnPassword)).Path);
    }

    [Fact]
    public async Task Rule13_APasswordChangedWhileASignInWaitsForItsCodeEndsThatSignIn()
    {
        var secret = await factory.AddMfaEmployeeAsync(BmsFactory.Acme, "halfway");
        using var holder = factory.NewBrowser();
        var codeStep = await holder.LogInToBmsAsync(BmsFactory.Acme, "halfway");
        Assert.Equal("/Mfa/Code", codeStep.Path);
        using var owner = factory.NewBrowser();
        var ownerCode = await owner.LogInToBmsAsync(BmsFactory.Acme, "halfway");
        Assert.Equal("/", (await owner.SubmitAsync(ownerCode, new Dictionary<string, string> { ["Code"] = factory.NextCode(secret) })).Path);
        var changed = await owner.SubmitAsync(await owner.OpenAsync("/Accounts/ChangePassword"), new Dictionary<string, string>
        {
            ["CurrentPassword"] = AccountBuilder.Password, ["NewPassword"] = OwnPassword, ["ConfirmPassword"] = OwnPassword,
        });
        Assert.Equal("Your password was changed.", changed.TestId("password-message"));

        // Whoever proved the old password holds the right code too, yet gets no session.
        var after = await holder.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = factory.NextCode(secret) });

        Assert.Equal("/Accounts/Login", after.Path);
        Assert.Equal("/Accounts/Login", (await holder.OpenAsync("/")).Path);
    }
}
