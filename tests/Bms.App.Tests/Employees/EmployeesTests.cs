using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Employees;
using SsoSuite.Bms.Tests.Api;

namespace SsoSuite.Bms.Tests.Employees;

/// <summary>SPEC rule 15 (seed 000): Home &gt; Employees, for BMS admins, within their own tenant, audited.</summary>
public sealed class EmployeesTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    private static readonly Dictionary<string, string> NoFields = [];
    private const string AdminCheckboxMessage = "Choose yes or no for BMS admin: tick the box or leave it clear.";

    private static Dictionary<string, string> NewEmployee(string userName, string type = "Employee", bool admin = false) => new()
    {
        ["Form.FirstName"] = "Nora", ["Form.LastName"] = "Newhire", ["Form.UserName"] = userName,
        ["Form.Email"] = userName + "@acme.example", ["Form.UserType"] = type, ["Form.IsAdmin"] = admin ? "true" : "false",
        ["Form.Password"] = "Initial!Pass2026",
    };

    private async Task<BmsUser?> UserAsync(string userName, string tenant = BmsFactory.Acme)
    {
        BmsUser? found = null;
        await factory.WithDbAsync(async (db, _) => found = await db.Users.AsNoTracking()
            .SingleOrDefaultAsync(u => u.NormalizedUserName == BmsUser.Normalize(userName) && u.Tenant.Name == tenant));
        return found;
    }

    private async Task<List<AuditEntry>> AuditAsync(string action)
    {
        var entries = new List<AuditEntry>();
        await factory.WithDbAsync(async (db, _) => entries = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.Action == action).ToListAsync());
        return entries;
    }

    private async Task<FormBrowser> AliceAsync()
    {
        var browser = factory.NewBrowser();
        await browser.LogInToBmsAsync(BmsFactory.Acme, "alice");
        return browser;
    }

    [Fact]
    public async Task Rule15_AdminCreatesAnEmployee_WhoMustChangeThePasswordAtFirstLogin_Audited()
    {
        using var alice = await AliceAsync();
        var form = await alice.OpenAsync("/Employees/New");

        var list = await alice.SubmitAsync(form, NewEmployee("nora"));

        Assert.Equal("/Employees", list.Path);
        Assert.Equal("Employee nora created. They choose their own password at their first login.", list.TestId("employees-notice"));
        Assert.Equal("Active", list.TestId("status-nora"));
        var nora = await UserAsync("nora");
        Assert.NotNull(nora);
        Assert.Equal(("Nora", "Newhire", "Nora Newhire", "nora@acme.example"), (nora.FirstName, nora.LastName, nora.DisplayName, nora.Email));
        Assert.Equal(BmsUserType.Employee, nora.UserType);
        Assert.False(nora.IsAdmin);
        Assert.True(nora.MustChangePassword);
        Assert.Contains(await AuditAsync(AuditActions.EmployeeCreated), a => a.Detail!.StartsWith("nora (Nora Newhire", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Form.FirstName", "", "Enter a first name.")]
    [InlineData("Form.Email", "not-an-email", "Enter a valid email address.")]
    [InlineData("Form.UserType", "Root", "Choose Employee, ClientPortal or Api.")]
    [InlineData("Form.UserType", "0", "Choose Employee, ClientPortal or Api.")]
    [InlineData("Form.UserName", "has space", "Use letters, digits, dots, dashes or underscores (up to 100).")]
    [InlineData("Form.UserName", "BOB", "A user with this username already exists in your company.")]
    [InlineData("Form.Password", "short", "The initial password needs 10 to 200 characters.")]
    [InlineData("Form.IsAdmin", "maybe", AdminCheckboxMessage)]
    [InlineData("Form.IsAdmin", "1", AdminCheckboxMessage)]
    [InlineData("Form.IsAdmin", "", AdminCheckboxMessage)]
    [InlineData("Form.IsAdmin", "true,false", AdminCheckboxMessage)]
    public async Task Rule15_BadInputGetsAMessageBesideItsField_AndNothingIsStored(string field, string value, string message)
    {
        using var alice = await AliceAsync();
        var form = await alice.OpenAsync("/Employees/New");
        var fields = NewEmployee("badinput");
        fields[field] = value;
        int before = 0, after = 0;
        await factory.WithDbAsync(async (db, _) => before = await db.Users.CountAsync());

        var page = await alice.SubmitAsync(form, fields);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/Employees/New", page.Path);
        Assert.Contains(WebUtility.HtmlEncode(message), page.Html, StringComparison.Ordinal);
        await factory.WithDbAsync(async (db, _) => after = await db.Users.CountAsync());
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("maybe-admin", "true", "maybe", false)]
    [InlineData("false-true", "false", "true", false)]
    [InlineData("true-true", "true", "true", false)]
    [InlineData("ticked", "true", "false", true)]
    public async Task Rule15_TheAdminCheckboxGivenTwiceCountsOnlyAsABrowserTicksIt(string userName, string first, string second, bool created)
    {
        using var alice = await AliceAsync();
        var form = await alice.OpenAsync("/Employees/New");
        // A ticked checkbox posts "true" and then its hidden "false"; any other pair has no single answer.
        var fields = form.HiddenFields().Where(f => f.Key != "Form.IsAdmin")
            .Concat(NewEmployee(userName).Where(f => f.Key != "Form.IsAdmin"))
            .Append(KeyValuePair.Create("Form.IsAdmin", first)).Append(KeyValuePair.Create("Form.IsAdmin", second));

        var page = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Post, form.Url) { Content = new FormUrlEncodedContent(fields) });

        var user = await UserAsync(userName);
        Assert.Equal(created, user is not null);
        if (created)
        {
            Assert.True(user!.IsAdmin);
        }
        else
        {
            Assert.Contains(WebUtility.HtmlEncode(AdminCheckboxMessage), page.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Rule15_OnlyEmployeesCanBeAdmins()
    {
        using var alice = await AliceAsync();

        var page = await alice.SubmitAsync(await alice.OpenAsync("/Employees/New"), NewEmployee("portaladmin", "ClientPortal", admin: true));

        Assert.Contains("Only Employee users can be BMS admins.", page.Html, StringComparison.Ordinal);
        Assert.Null(await UserAsync("portaladmin"));
    }

    [Fact]
    public async Task Rule15_NonAdminsAreRefused()
    {
        using var bob = factory.NewBrowser();
        var dashboard = await bob.LogInToBmsAsync(BmsFactory.Acme, "bob");

        var list = await bob.OpenAsync("/Employees");
        var post = await bob.SubmitAsync(dashboard, NewEmployee("sneaky"), action: "/Employees/New");

        Assert.Equal(HttpStatusCode.Forbidden, list.Status);
        Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        Assert.Null(await UserAsync("sneaky"));
        Assert.DoesNotContain("href=\"/Employees\"", dashboard.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule15_AnotherTenantsUserDoesNotExistForTheAdmin()
    {
        using var alice = await AliceAsync();
        var gina = (await UserAsync("gina", BmsFactory.Globex))!;
        var list = await alice.OpenAsync("/Employees");

        var edit = await alice.OpenAsync($"/Employees/Edit/{gina.Id}");
        var deactivate = await alice.SubmitAsync(list, NoFields, action: $"/Employees/Edit/{gina.Id}?handler=Deactivate");

        Assert.DoesNotContain("gina", list.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, edit.Status);
        Assert.Equal(HttpStatusCode.NotFound, deactivate.Status);
        Assert.True((await UserAsync("gina", BmsFactory.Globex))!.IsActive);
    }

    [Theory]
    [InlineData("Deactivate")]
    [InlineData("Reactivate")]
    [InlineData("ResetMfa")]
    public async Task Rule15_AGlobexAdminCannotChangeAnAcmeEmployee(string handler)
    {
        var name = "acme-" + handler.ToLowerInvariant();
        await factory.AddMfaEmployeeAsync(BmsFactory.Acme, name);
        if (handler == "Reactivate")
        {
            await factory.WithDbAsync(async (db, _) =>
            {
                (await db.Users.SingleAsync(u => u.UserName == name)).IsActive = false;
                await db.SaveChangesAsync();
            });
        }
        var before = (await UserAsync(name))!;
        using var gina = factory.NewBrowser();
        await gina.LogInToBmsAsync(BmsFactory.Globex, "gina");
        var list = await gina.OpenAsync("/Employees");

        var answer = await gina.SubmitAsync(list, NoFields, action: $"/Employees/Edit/{before.Id}?handler={handler}");

        var after = (await UserAsync(name))!;
        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal((before.IsActive, before.TotpSecret), (after.IsActive, after.TotpSecret));
    }

    [Fact]
    public async Task Rule15_AdminEditsAnEmployee_Audited()
    {
        await factory.AddMfaEmployeeAsync(BmsFactory.Acme, "edith");
        var edith = (await UserAsync("edith"))!;
        using var alice = await AliceAsync();
        var edit = await alice.OpenAsync($"/Employees/Edit/{edith.Id}");

        var list = await alice.SubmitAsync(edit, new Dictionary<string, string>
        {
            ["Form.FirstName"] = "Edith", ["Form.LastName"] = "Editor", ["Form.Email"] = "edith.editor@acme.example",
            ["Form.UserType"] = "Employee", ["Form.IsAdmin"] = "true",
        });

        Assert.Equal("Employee edith saved.", list.TestId("employees-notice"));
        var changed = (await UserAsync("edith"))!;
        Assert.Equal(("Edith Editor", "edith.editor@acme.example", true), (changed.DisplayName, changed.Email, changed.IsAdmin));
        Assert.Contains(await AuditAsync(AuditActions.EmployeeChanged), a => a.Detail!.Contains("edith.editor@acme.example", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("")]
    public async Task Rule15_AMalformedAdminCheckboxOnEditGetsTheFormBack_AndChangesNothing(string value)
    {
        var name = "checkbox-" + (value.Length == 0 ? "empty" : value);
        await factory.AddMfaEmployeeAsync(BmsFactory.Acme, name);
        var before = (await UserAsync(name))!;
        using var alice = await AliceAsync();
        var edit = await alice.OpenAsync($"/Employees/Edit/{before.Id}");

        var page = await alice.SubmitAsync(edit, new Dictionary<string, string>
        {
            ["Form.FirstName"] = "Changed", ["Form.LastName"] = "Name", ["Form.Email"] = name + ".changed@acme.example",
            ["Form.UserType"] = "Employee", ["Form.IsAdmin"] = value,
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"/Employees/Edit/{before.Id}", page.Path);
        Assert.True(page.Contains(AdminCheckboxMessage));
        var after = (await UserAsync(name))!;
        Assert.Equal((before.DisplayName, before.Email, before.IsAdmin), (after.DisplayName, after.Email, after.IsAdmin));
    }

    [Fact]
    public async Task Rule15_DeactivationEndsTheSessionAndRefusesLogin_ReactivationLetsTheUserBackIn()
    {
        await factory.AddMfaEmployeeAsync(BmsFactory.Acme, "dora");
        await factory.WithDbAsync(async (db, _) =>
        {
            (await db.Users.SingleAsync(u => u.UserName == "dora")).TotpSecret = null;
            await db.SaveChangesAsync();
        });
        var dora = (await UserAsync("dora"))!;
        using var doraBrowser = factory.NewBrowser();
        Assert.Equal("/", (await doraBrowser.LogInToBmsAsync(BmsFactory.Acme, "dora")).Path);
        using var alice = await AliceAsync();

        var list = await alice.SubmitAsync(await alice.OpenAsync($"/Employees/Edit/{dora.Id}"), NoFields, action: $"/Employees/Edit/{dora.Id}?handler=Deactivate");

        Assert.Equal("Employee dora deactivated.", list.TestId("employees-notice"));
        Assert.Equal("/Accounts/Login", (await doraBrowser.OpenAsync("/")).Path);
        Assert.Equal(LoginMessages.Inactive, (await factory.NewBrowser().LogInToBmsAsync(BmsFactory.Acme, "dora")).TestId("login-message"));
        Assert.Contains(await AuditAsync(AuditActions.EmployeeDeactivated), a => a.Detail == "dora");

        await alice.SubmitAsync(await alice.OpenAsync($"/Employees/Edit/{dora.Id}"), NoFields, action: $"/Employees/Edit/{dora.Id}?handler=Reactivate");

        Assert.Equal("/", (await factory.NewBrowser().LogInToBmsAsync(BmsFactory.Acme, "dora")).Path);
        Assert.Contains(await AuditAsync(AuditActions.EmployeeReactivated), a => a.Detail == "dora");
    }

    [Fact]
    public async Task Rule15_AUserDeactivatedBetweenTheirPasswordAndTheirCodeGetsNoSession()
    {
        var secret = await factory.AddMfaEmployeeAsync(BmsFactory.Acme, "midway");
        var user = (await UserAsync("midway"))!;
        using var own = factory.NewBrowser();
        var codeStep = await own.LogInToBmsAsync(BmsFactory.Acme, "midway");
        Assert.Equal("/Mfa/Code", codeStep.Path);
        using var alice = await AliceAsync();
        await alice.SubmitAsync(await alice.OpenAsync($"/Employees/Edit/{user.Id}"), NoFields, action: $"/Employees/Edit/{user.Id}?handler=Deactivate");

        var after = await own.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = factory.NextCode(secret) });

        Assert.Equal("/Accounts/Login", after.Path);
        var live = true;
        await factory.WithDbAsync(async (db, _) => live = await db.Sessions.AnyAsync(s => s.UserId == user.Id && s.EndedAt == null));
        Assert.False(live);
    }

    [Fact]
    public async Task Rule15_AdminCannotDeactivateThemselfNorDropTheirOwnAdminRole()
    {
        var alice = (await UserAsync("alice"))!;
        using var browser = await AliceAsync();
        var edit = await browser.OpenAsync($"/Employees/Edit/{alice.Id}");

        var deactivate = await browser.SubmitAsync(edit, NoFields, action: $"/Employees/Edit/{alice.Id}?handler=Deactivate");
        var demote = await browser.SubmitAsync(edit, new Dictionary<string, string>
        {
            ["Form.FirstName"] = "Alice", ["Form.LastName"] = "Admin", ["Form.Email"] = "alice@acme.example",
            ["Form.UserType"] = "Employee", ["Form.IsAdmin"] = "false",
        });

        Assert.Equal("You cannot deactivate your own user.", deactivate.TestId("employee-error"));
        Assert.Contains("You cannot remove your own admin role or change your own user type.", demote.Html, StringComparison.Ordinal);
        var after = (await UserAsync("alice"))!;
        Assert.True(after.IsActive && after.IsAdmin);
    }

    [Fact]
    public async Task Rule15_ResetMfaForgetsTheAuthenticator_AndEndsTheUsersSessions()
    {
        var secret = await factory.AddMfaEmployeeAsync(BmsFactory.Acme, "mfareset");
        var user = (await UserAsync("mfareset"))!;
        using var own = factory.NewBrowser();
        var codeStep = await own.LogInToBmsAsync(BmsFactory.Acme, "mfareset");
        Assert.Equal("/", (await own.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = factory.NextCode(secret) })).Path);
        using var alice = await AliceAsync();

        var list = await alice.SubmitAsync(await alice.OpenAsync($"/Employees/Edit/{user.Id}"), NoFields, action: $"/Employees/Edit/{user.Id}?handler=ResetMfa");

        Assert.Equal("MFA reset for mfareset: they configure it again in My Profile.", list.TestId("employees-notice"));
        Assert.Null((await UserAsync("mfareset"))!.TotpSecret);
        Assert.Equal("/Accounts/Login", (await own.OpenAsync("/")).Path);
        Assert.Equal("/", (await factory.NewBrowser().LogInToBmsAsync(BmsFactory.Acme, "mfareset")).Path);
        Assert.Contains(await AuditAsync(AuditActions.EmployeeMfaReset), a => a.Detail == "mfareset");
    }

    [Fact]
    public async Task Rule15_AnMfaResetMeanwhile_EndsASignInWhoseCodeWasAcceptedBeforeIt_BeforeItBecomesASession()
    {
        var secret = await factory.AddMfaEmployeeAsync(BmsFactory.Acme, "choosing");
        await factory.WithDbAsync(async (db, _) =>
            await db.Users.Where(u => u.UserName == "choosing").ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, true)));
        var user = (await UserAsync("choosing"))!;
        using var own = factory.NewBrowser();
        var codeStep = await own.LogInToBmsAsync(BmsFactory.Acme, "choosing");
        var choose = await own.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = factory.NextCode(secret) });
        Assert.Equal("/Accounts/ChoosePassword", choose.Path);
        using var alice = await AliceAsync();

        // The admin resets the user's MFA (their authenticator is lost, say) while the password is being chosen.
        await alice.SubmitAsync(await alice.OpenAsync($"/Employees/Edit/{user.Id}"), NoFields, action: $"/Employees/Edit/{user.Id}?handler=ResetMfa");
        var after = await own.SubmitAsync(choose, new Dictionary<string, string> { ["NewPassword"] = "Only-Mine-2026", ["ConfirmPassword"] = "Only-Mine-2026" });

        // The code accepted before the reset starts no session after it, and the password stays the one given.
        Assert.Null(own.Cookie("bms.session"));
        Assert.Equal("/Accounts/Login", after.Path);
        Assert.True((await UserAsync("choosing"))!.MustChangePassword);
    }

    [Theory]
    [InlineData("ResetMfa")]
    [InlineData("Deactivate")]
    [InlineData("Api")]
    public async Task Rule12_AnAdminsResetDeactivationOrTypeChangeEndsTheUsersApiTokens(string change)
    {
        var name = "token-" + change.ToLowerInvariant();
        var secret = await factory.AddMfaEmployeeAsync(BmsFactory.Acme, name);
        var user = (await UserAsync(name))!;
        using var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(api, username: name, secret: secret));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/companies")).StatusCode);
        using var alice = await AliceAsync();
        var edit = await alice.OpenAsync($"/Employees/Edit/{user.Id}");

        var list = change == "Api"
            ? await alice.SubmitAsync(edit, new Dictionary<string, string>
            {
                ["Form.FirstName"] = "Token", ["Form.LastName"] = "Holder", ["Form.Email"] = user.Email, ["Form.UserType"] = "Api",
                ["Form.IsAdmin"] = "false",
            })
            : await alice.SubmitAsync(edit, NoFields, action: $"/Employees/Edit/{user.Id}?handler={change}");

        Assert.Equal("/Employees", list.Path);
        // The token was issued to an Employee with that authenticator (SPEC rule 12): whoever holds it is out, as a
        // session made with it is.
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/companies")).StatusCode);
    }

    [Fact]
    public async Task Rule15_CreateTenantCommandMakesTheFirstTenantAndItsAdmin_OnceOnly()
    {
        string[] args = [FirstTenant.Command, "--company", "Firstrun IT", "--username", "root", "--email", "root@firstrun.example",
            "--password", "Production!Pass1"];
        await using var scope = factory.Services.CreateAsyncScope();
        var output = new StringWriter();
        var errors = new StringWriter();

        var created = await FirstTenant.CreateAsync(scope.ServiceProvider, args, output, errors);
        var again = await FirstTenant.CreateAsync(scope.ServiceProvider, args, output, errors);
        var bad = await FirstTenant.CreateAsync(scope.ServiceProvider, [FirstTenant.Command, "--company", "Other IT", "--username", "x"], output, errors);

        Assert.Equal((0, 1, 2), (created, again, bad));
        var root = (await UserAsync("root", "Firstrun IT"))!;
        Assert.True(root.IsAdmin && root.IsActive);
        Assert.Equal(BmsUserType.Employee, root.UserType);
        using var browser = factory.NewBrowser();
        Assert.Equal("/", (await browser.LogInToBmsAsync("Firstrun IT", "root", "Production!Pass1")).Path);
        Assert.Contains("Enter an email address.", errors.ToString(), StringComparison.Ordinal);
    }
}
