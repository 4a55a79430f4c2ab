using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Testing.Hosting;

namespace SsoSuite.Identity.Tests.Admin;

/// <summary>Admin Settings &gt; Users: create, deactivate/reactivate, reset MFA; admins of the tenant only.</summary>
public sealed class UsersTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private async Task<(FormBrowser Browser, Page Users)> SignInAdminAsync()
    {
        var admin = await factory.CreateAsync(admin: true);
        var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, admin);
        return (browser, await browser.OpenAsync("/Admin/Users"));
    }

    [Fact]
    public async Task Admin_NonAdminGets403()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);

        var response = await browser.Http.GetAsync("/Admin/Users");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Rule15_AnAccountAnAdminCreatedEnrolsAndChoosesItsOwnPasswordBeforeAnySession()
    {
        var (browser, users) = await SignInAdminAsync();
        using var _ = browser;

        var created = await browser.SubmitAsync(users, new Dictionary<string, string>
        {
            ["New.UserName"] = "newhire",
            ["New.DisplayName"] = "New Hire",
            ["New.Email"] = "newhire@acme.example",
            ["New.Password"] = "Welcome!2026x",
        }, action: "?handler=Create");

        Assert.Contains("Account newhire created", created.TestId("admin-notice"), StringComparison.Ordinal);
        using var newcomer = factory.NewBrowser();
        var enrol = await newcomer.EnterPasswordAsync(IdentityFactory.Company, "newhire", "Welcome!2026x");
        Assert.Equal("/Mfa/Enrol", enrol.Url.AbsolutePath);
        var secret = KaseyaOneForms.SecretOn(enrol);
        var choose = await newcomer.SubmitCodeAsync(enrol, factory.Authenticator.NextCode(secret));
        Assert.Equal("/Accounts/ChoosePassword", choose.Path);
        Assert.Null(newcomer.Cookie("k1.session"));

        var same = await newcomer.SubmitAsync(choose, new Dictionary<string, string>
        {
            ["NewPassword"] = "Welcome!2026x", ["ConfirmPassword"] = "Welcome!2026x",
        });
        var home = await newcomer.SubmitAsync(choose, new Dictionary<string, string>
        {
            ["NewPassword"] = "Only-Mine-2026", ["ConfirmPassword"] = "Only-Mine-2026",
        });

        Assert.Equal("Choose a password other than the one you have now.", same.TestId("password-message"));
        // Signed in; the address the admin typed is not proven yet (rule 16), so its verification comes next.
        Assert.Equal("/Emails/Verify", home.Path);
        Assert.NotNull(newcomer.Cookie("k1.session"));
        using var later = factory.NewBrowser();
        Assert.Equal("/Mfa/Code", (await later.EnterPasswordAsync(IdentityFactory.Company, "newhire", "Only-Mine-2026")).Path);
    }

    [Fact]
    public async Task Admin_InvalidNewAccountGetsMessagesAndIsNotSaved()
    {
        var (browser, users) = await SignInAdminAsync();
        using var _ = browser;
        var before = await factory.WithDbAsync(db => db.Accounts.CountAsync());

        var page = await browser.SubmitAsync(users, new Dictionary<string, string>
        {
            ["New.UserName"] = "bad name!",
            ["New.DisplayName"] = "",
            ["New.Email"] = "not-an-email",
            ["New.Password"] = "short",
        }, action: "?handler=Create");

        Assert.Contains("Use letters, digits", page.Html, StringComparison.Ordinal);
        Assert.Contains("Enter a valid email address.", page.Html, StringComparison.Ordinal);
        Assert.Contains("The password needs 10 to 200 characters.", page.Html, StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDbAsync(db => db.Accounts.CountAsync()));
    }

    /// <summary>
    /// A display name with a text-direction override would show reordered in the users list (U+202E makes "nimda" read
    /// "admin"), so one account could pass for another: refused with a message; an Arabic name, right to left by its own
    /// letters, is taken.
    /// </summary>
    [Fact]
    public async Task Admin_ADisplayNameWithATextDirectionOverrideIsRefused_ARightToLeftNameIsNot()
    {
        var (browser, users) = await SignInAdminAsync();
        using var _ = browser;
        var (spoof, arabic) = ("spoof" + Guid.NewGuid().ToString("N")[..6], "arabic" + Guid.NewGuid().ToString("N")[..6]);
        Dictionary<string, string> New(string userName, string displayName) => new()
        {
            ["New.UserName"] = userName, ["New.DisplayName"] = displayName, ["New.Email"] = userName + "@acme.example",
            ["New.Password"] = "Welcome!2026x",
        };

        var refused = await browser.SubmitAsync(users, New(spoof, "\u202Enimda"), action: "?handler=Create");
        var taken = await browser.SubmitAsync(await browser.OpenAsync("/Admin/Users"), New(arabic, "ليلى"), action: "?handler=Create");

        Assert.True(refused.Contains("The display name must not contain text-direction control characters."), refused.Html);
        Assert.False(await factory.WithDbAsync(db => db.Accounts.AnyAsync(a => a.UserName == spoof)));
        Assert.Equal("ليلى", await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == arabic).Select(a => a.DisplayName).SingleAsync()));
        Assert.False(taken.Contains("text-direction"), taken.Html);
    }

    [Theory]
    [InlineData("odd one@acme.example")]
    [InlineData("x@acme.example (note)")]
    public async Task Rule16_AnAddressNoMailCanBeSentToIsRefused_AsProfileEmailRefusesIt(string email)
    {
        var (browser, users) = await SignInAdminAsync();
        using var _ = browser;
        var userName = "mailbox" + Guid.NewGuid().ToString("N")[..6];

        var page = await browser.SubmitAsync(users, new Dictionary<string, string>
        {
            ["New.UserName"] = userName, ["New.DisplayName"] = "Mailbox", ["New.Email"] = email, ["New.Password"] = "Welcome!2026x",
        }, action: "?handler=Create");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Enter a valid email address.", page.Html, StringComparison.Ordinal);
        Assert.False(await factory.WithDbAsync(db => db.Accounts.AnyAsync(a => a.UserName == userName)));
    }

    [Fact]
    public async Task Admin_ATooLongInitialPasswordIsNamedAsTooLong_NotTooShort()
    {
        var (browser, users) = await SignInAdminAsync();
        using var _ = browser;

        var page = await browser.SubmitAsync(users, new Dictionary<string, string>
        {
            ["New.UserName"] = "longpass", ["New.DisplayName"] = "Long Pass", ["New.Email"] = "longpass@acme.example",
            ["New.Password"] = new string('p', 201),
        }, action: "?handler=Create");

        Assert.Contains("The password needs 10 to 200 characters.", page.Html, StringComparison.Ordinal);
        Assert.False(await factory.WithDbAsync(db => db.Accounts.AnyAsync(a => a.UserName == "longpass")));
    }

    [Fact]
    public async Task Rule13_TheSameUsernameCreatedTwiceAtOnceGetsTheMessage_NeverA500_AndOneAccountExists()
    {
        var (browser, users) = await SignInAdminAsync();
        using var _ = browser;
        var userName = "twice" + Guid.NewGuid().ToString("N")[..6];
        // Another admin's request stores the same username between this one's check and its insert.
        using var race = new ConcurrentInsert<K1Account>(a => a.UserName == userName, () => factory.CreateAsync(userName));

        var page = await browser.SubmitAsync(users, new Dictionary<string, string>
        {
            ["New.UserName"] = userName, ["New.DisplayName"] = "Twice", ["New.Email"] = userName + "@acme.example",
            ["New.Password"] = "Welcome!2026x",
        }, action: "?handler=Create");

        Assert.True(race.Ran);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.True(page.Contains("An account with this username already exists in your company."));
        var stored = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == userName).Select(a => a.DisplayName).ToListAsync());
        Assert.Equal(["Test " + userName], stored);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("1")]
    [InlineData("")]
    public async Task Rule13_AMalformedAdministratorCheckboxGetsAMessage_NeverA500_AndNothingIsSaved(string value)
    {
        var (browser, users) = await SignInAdminAsync();
        using var _ = browser;
        var userName = "checkbox" + Guid.NewGuid().ToString("N")[..6];

        var page = await browser.SubmitAsync(users, new Dictionary<string, string>
        {
            ["New.UserName"] = userName,
            ["New.DisplayName"] = "Checkbox Tester",
            ["New.Email"] = userName + "@acme.example",
            ["New.Password"] = "Welcome!2026x",
            ["New.IsAdmin"] = value,
        }, action: "?handler=Create");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.True(page.Contains("Choose yes or no for KaseyaOne administrator: tick the box or leave it clear."));
        Assert.False(await factory.WithDbAsync(db => db.Accounts.AnyAsync(a => a.UserName == userName)));
    }

    [Fact]
    public async Task Admin_DeactivationEndsTheUsersSessionAndRefusesTheNextSignIn()
    {
        var target = await factory.CreateAsync();
        using var victim = factory.NewBrowser();
        await victim.SignInAsync(IdentityFactory.Company, target);
        var (browser, users) = await SignInAdminAsync();
        using var _ = browser;
        var id = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == target).Select(a => a.Id).SingleAsync());

        await browser.SubmitAsync(users, new Dictionary<string, string> { ["id"] = id.ToString() }, action: "?handler=Deactivate");

        Assert.Equal("/Accounts/Login", (await victim.OpenAsync("/")).Url.AbsolutePath);
        Assert.Equal(Identity.Accounts.SignInMessages.Inactive, (await victim.EnterPasswordAsync(IdentityFactory.Company, target)).TestId("sign-in-message"));
    }

    /// <summary>An enrolled account whose password was just accepted in <c>Holder</c>, which now shows the code step.</summary>
    private async Task<(FormBrowser Holder, Page CodeStep, string UserName, Guid Id)> AtTheCodeStepAsync()
    {
        var target = await factory.CreateAsync();
        using (var first = factory.NewBrowser())
        {
            await first.SignInAsync(IdentityFactory.Company, target);
        }
        var holder = factory.NewBrowser();
        var codeStep = await holder.EnterPasswordAsync(IdentityFactory.Company, target);
        Assert.Equal("/Mfa/Code", codeStep.Path);
        var id = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == target).Select(a => a.Id).SingleAsync());
        return (holder, codeStep, target, id);
    }

    /// <summary>The code step finished with the right code after an admin's change: back to the login, and no session.</summary>
    private async Task AssertTheCodeStartsNoSessionAsync(FormBrowser holder, Page codeStep, string userName, Guid id)
    {
        var after = await holder.SubmitCodeAsync(codeStep, holder.Authenticator!.NextCodeFor(IdentityFactory.Company, userName));

        Assert.Equal("/Accounts/Login", after.Path);
        Assert.Null(holder.Cookie("k1.session"));
        Assert.False(await factory.WithDbAsync(db => db.Sessions.AnyAsync(s => s.AccountId == id && s.EndedAt == null)));
    }

    [Fact]
    public async Task Rule4_AnAccountDeactivatedBetweenItsPasswordAndItsCodeGetsNoSession()
    {
        var (holder, codeStep, target, id) = await AtTheCodeStepAsync();
        using var signingIn = holder;
        var (browser, users) = await SignInAdminAsync();
        using var admin = browser;

        await admin.SubmitAsync(users, new Dictionary<string, string> { ["id"] = id.ToString() }, action: "?handler=Deactivate");

        await AssertTheCodeStartsNoSessionAsync(holder, codeStep, target, id);
    }

    [Fact]
    public async Task Rule13_APasswordResetBetweenThePasswordAndTheCodeEndsThatSignIn()
    {
        var (holder, codeStep, target, id) = await AtTheCodeStepAsync();
        using var signingIn = holder;
        var (browser, _) = await SignInAdminAsync();
        using var admin = browser;

        var reset = await admin.SubmitAsync(await admin.OpenAsync($"/Admin/UserSessions?id={id}"),
            new Dictionary<string, string> { ["id"] = id.ToString(), ["NewPassword"] = "Reset!Pass2026" },
            action: $"/Admin/UserSessions?id={id}&handler=ResetPassword");
        Assert.Contains("Password reset for", reset.TestId("admin-notice"), StringComparison.Ordinal);
        // The page's title names the account, as its heading does (a browser's tabs and history tell accounts apart).
        Assert.Contains($"<title>Admin Settings - Sessions of {target} - KaseyaOne</title>", reset.Html, StringComparison.Ordinal);

        // Whoever proved the old password holds the right code too, yet gets no session.
        await AssertTheCodeStartsNoSessionAsync(holder, codeStep, target, id);
    }

    [Fact]
    public async Task Admin_ResetMfaForcesEnrolmentAtTheNextSignIn()
    {
        var target = await factory.CreateAsync();
        using var user = factory.NewBrowser();
        await user.SignInAsync(IdentityFactory.Company, target);
        var (browser, users) = await SignInAdminAsync();
        using var _ = browser;
        var id = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == target).Select(a => a.Id).SingleAsync());

        await browser.SubmitAsync(users, new Dictionary<string, string> { ["id"] = id.ToString() }, action: "?handler=ResetMfa");

        using var again = factory.NewBrowser();
        Assert.Equal("/Mfa/Enrol", (await again.EnterPasswordAsync(IdentityFactory.Company, target)).Url.AbsolutePath);
    }

    [Fact]
    public async Task Admin_DeactivatingYourOwnAccountIsRefused_AndAuditedAsRefused()
    {
        var admin = await factory.CreateAsync(admin: true);
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, admin);
        var users = await browser.OpenAsync("/Admin/Users");
        var id = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == admin).Select(a => a.Id).SingleAsync());

        var page = await browser.SubmitAsync(users, new Dictionary<string, string> { ["id"] = id.ToString() }, action: "?handler=Deactivate");

        Assert.True(page.Contains("You cannot deactivate your own account."));
        Assert.True(await factory.WithDbAsync(db => db.Accounts.Where(a => a.Id == id).Select(a => a.IsActive).SingleAsync()));
        // The audit says what happened: nothing, refused; never "succeeded" beside a refusal.
        var outcomes = await factory.WithDbAsync(db => db.AuditEntries
            .Where(a => a.AccountId == id && a.Action == Audit.AuditActions.AdminAction).Select(a => a.Outcome).ToListAsync());
        Assert.Equal([Shared.Audit.AuditOutcomes.Refused], outcomes);
    }

    [Fact]
    public async Task Admin_CannotTouchAnAccountOfAnotherTenant()
    {
        var (browser, users) = await SignInAdminAsync();
        using var _ = browser;
        var gina = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == "gina").Select(a => a.Id).SingleAsync());

        var page = await browser.SubmitAsync(users, new Dictionary<string, string> { ["id"] = gina.ToString() }, action: "?handler=Deactivate");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.True(await factory.WithDbAsync(db => db.Accounts.Where(a => a.Id == gina).Select(a => a.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task Rule9_AnMfaResetMeanwhile_EndsASignInWhoseCodeWasAcceptedBeforeIt_BeforeItBecomesASession()
    {
        var (browser, users) = await SignInAdminAsync();
        using var _ = browser;
        var name = "resetmeanwhile" + Guid.NewGuid().ToString("N")[..6];
        await browser.SubmitAsync(users, new Dictionary<string, string>
        {
            ["New.UserName"] = name, ["New.DisplayName"] = "Reset Meanwhile",
            ["New.Email"] = name + "@acme.example", ["New.Password"] = "Welcome!2026x",
        }, action: "?handler=Create");
        using var newcomer = factory.NewBrowser();
        var enrol = await newcomer.EnterPasswordAsync(IdentityFactory.Company, name, "Welcome!2026x");
        var choose = await newcomer.SubmitCodeAsync(enrol, factory.Authenticator.NextCode(KaseyaOneForms.SecretOn(enrol)));
        Assert.Equal("/Accounts/ChoosePassword", choose.Path);

        // The admin resets the account's MFA (its authenticator is lost, say) while the password is being chosen.
        var id = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == name).Select(a => a.Id).SingleAsync());
        var reset = await browser.SubmitAsync(await browser.OpenAsync("/Admin/Users"),
            new Dictionary<string, string> { ["id"] = id.ToString() }, action: "?handler=ResetMfa");
        Assert.Contains("MFA reset", reset.TestId("admin-notice"), StringComparison.Ordinal);

        var after = await newcomer.SubmitAsync(choose, new Dictionary<string, string>
        {
            ["NewPassword"] = "Only-Mine-2026", ["ConfirmPassword"] = "Only-Mine-2026",
        });

        // The code accepted before the reset starts no session after it.
        Assert.Null(newcomer.Cookie("k1.session"));
        Assert.Equal("/Accounts/Login", after.Path);
    }
}
