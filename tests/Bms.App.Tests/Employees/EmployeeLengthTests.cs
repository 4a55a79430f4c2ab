using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.Tests.Employees;

/// <summary>
/// SPEC rules 13 and 15 on both stores: what an admin types on Home &gt; Employees is checked against what the store
/// holds before anything is stored. SQLite keeps text of any length; PostgreSQL refuses a value longer than its
/// column, and text that is not valid UTF-16, as an error: a form that passed must never meet either.
/// </summary>
public sealed class EmployeeLengthTests(BmsOnEachStore stores) : IClassFixture<BmsOnEachStore>
{
    private const string NamesTooLong = "The first and last names are too long together (199 characters at most).";

    private static Dictionary<string, string> Fields(string first, string last, string email) => new()
    {
        ["Form.FirstName"] = first, ["Form.LastName"] = last, ["Form.Email"] = email,
        ["Form.UserType"] = "Employee", ["Form.IsAdmin"] = "false",
    };

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_NamesThatFitAloneButNotTogetherInTheDisplayNameGetAMessage_AndNothingChanges(Store store)
    {
        var factory = stores.On(store);
        using var alice = factory.NewBrowser();
        await alice.LogInToBmsAsync(BmsFactory.Acme, "alice");
        // Each name at its column's length: the display name joins them with a space, one character over its own.
        var first = new string('F', BmsUser.NameMaxLength);
        var last = new string('L', BmsUser.NameMaxLength);
        var bob = await UserAsync(factory, "bob");

        var created = await alice.SubmitAsync(await alice.OpenAsync("/Employees/New"),
            new Dictionary<string, string>(Fields(first, last, "longnames@acme.example"))
            {
                ["Form.UserName"] = "longnames", ["Form.Password"] = "Initial!Pass2026",
            });
        var edited = await alice.SubmitAsync(await alice.OpenAsync($"/Employees/Edit/{bob!.Id}"), Fields(first, last, bob.Email));

        foreach (var (page, path) in new[] { (edited, $"/Employees/Edit/{bob.Id}"), (created, "/Employees/New") })
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(path, page.Path);
            Assert.True(page.Contains(NamesTooLong), page.Html);
        }
        Assert.Null(await UserAsync(factory, "longnames"));
        var after = await UserAsync(factory, "bob");
        Assert.Equal((bob.FirstName, bob.LastName, bob.DisplayName), (after!.FirstName, after.LastName, after.DisplayName));
    }

    /// <summary>
    /// A name with a text-direction override would show reordered in the employee list (U+202E makes "nimda" read
    /// "admin"), so one employee could pass for another: refused with a message, and nothing changes.
    /// </summary>
    [Fact]
    public async Task Rule13_ANameWithATextDirectionOverrideGetsAMessage_AndNothingChanges()
    {
        var factory = stores.On(Store.Sqlite);
        using var alice = factory.NewBrowser();
        await alice.LogInToBmsAsync(BmsFactory.Acme, "alice");
        var bob = await UserAsync(factory, "bob");

        var edited = await alice.SubmitAsync(await alice.OpenAsync($"/Employees/Edit/{bob!.Id}"), Fields(bob.FirstName, "\u202Enimda", bob.Email));

        Assert.Equal((HttpStatusCode.OK, $"/Employees/Edit/{bob.Id}"), (edited.Status, edited.Path));
        Assert.True(edited.Contains("The last name must not contain text-direction control characters."), edited.Html);
        Assert.Equal(bob.LastName, (await UserAsync(factory, "bob"))!.LastName);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule15_AChangeWhoseAuditLineIsCutInsideAnEmojiIsSavedAndAudited(Store store)
    {
        var factory = stores.On(store);
        using var alice = factory.NewBrowser();
        await alice.LogInToBmsAsync(BmsFactory.Acme, "alice");
        var userName = new string('u', 100);
        await alice.SubmitAsync(await alice.OpenAsync("/Employees/New"), new Dictionary<string, string>(Fields("A", "B", "ab@acme.example"))
        {
            ["Form.UserName"] = userName, ["Form.Password"] = "Initial!Pass2026",
        });
        var id = (await UserAsync(factory, userName))!.Id;
        // Long values first, so that the next change's line ("user: before → after") outgrows the audit column.
        var (first, last) = (new string('F', 99), new string('L', 99));
        var longEmail = new string('e', 243) + "@acme.example";
        Assert.Equal("/Employees", (await alice.SubmitAsync(await alice.OpenAsync($"/Employees/Edit/{id}"), Fields(first, last, longEmail))).Path);
        // An address with emoji in it, placed so that the column's last unit is the first half of one.
        var prefix = $"{userName}: {first} {last}, {longEmail}, Employee → {first} {last}, ";
        var email = new string('a', AuditLine.DetailMaxLength - 1 - prefix.Length) + "\U0001F600\U0001F600@acme.example";
        Assert.True(char.IsHighSurrogate((prefix + email)[AuditLine.DetailMaxLength - 1]));

        var page = await alice.SubmitAsync(await alice.OpenAsync($"/Employees/Edit/{id}"), Fields(first, last, email));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/Employees", page.Path);
        Assert.Equal(email, (await UserAsync(factory, userName))!.Email);
        var lines = new List<AuditEntry>();
        await factory.WithDbAsync(async (db, _) => lines = await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Action == AuditActions.EmployeeChanged && a.Detail!.StartsWith(userName)).ToListAsync());
        // The cut falls before the emoji, whole: the line ends with text, not half a character.
        Assert.Contains(lines, a => a.Detail == (prefix + email)[..(AuditLine.DetailMaxLength - 1)]);
    }

    private static async Task<BmsUser?> UserAsync(BmsFactory factory, string userName)
    {
        BmsUser? found = null;
        await factory.WithDbAsync(async (db, _) => found = await db.Users.AsNoTracking()
            .SingleOrDefaultAsync(u => u.NormalizedUserName == BmsUser.Normalize(userName) && u.Tenant.Name == BmsFactory.Acme));
        return found;
    }
}
