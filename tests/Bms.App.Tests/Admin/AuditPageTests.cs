using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.Tests.Admin;

/// <summary>
/// Admin &gt; Audit reads the admin's own tenant's trail newest first, 50 lines a page, a page at a time: never the
/// tenant's whole history, never another tenant's line, and any <c>?p=</c> is a page, never an error.
/// </summary>
public sealed partial class AuditPageTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    private const string Admin = "auditor";

    /// <summary>A company of the test's own whose admin is signed in; its trail holds the sign-in's line, then <paramref name="lines"/> lines a second apart.</summary>
    private async Task<FormBrowser> CompanyWithLinesAsync(string company, int lines)
    {
        var tenant = await factory.Services.AddBmsTenantAsync(company);
        var admin = await factory.Services.AddBmsUserAsync(company, Admin, admin: true);
        var browser = factory.NewBrowser();
        Assert.Equal("/", (await browser.LogInToBmsAsync(company, Admin)).Path);
        await RecordAsync(tenant.Id, admin.Id, "line", lines);
        return browser;
    }

    /// <summary>Lines "{prefix} 001" (oldest) to "{prefix} {count}" about <paramref name="userId"/>, each a second after the one before.</summary>
    private async Task RecordAsync(Guid tenantId, Guid? userId, string prefix, int count) =>
        await factory.InScopeAsync(async services =>
        {
            var audit = services.GetRequiredService<AuditLog>();
            for (var i = 1; i <= count; i++)
            {
                factory.Clock.Advance(TimeSpan.FromSeconds(1));
                await audit.RecordAsync(tenantId, userId, AuditActions.EmployeeChanged, AuditOutcomes.Succeeded, $"{prefix} {i:000}");
            }
            return true;
        });

    private static IEnumerable<string> Lines(string prefix, int newest, int oldest) =>
        Enumerable.Range(oldest, newest - oldest + 1).Reverse().Select(i => $"{prefix} {i:000}");

    private sealed record Row(DateTimeOffset When, string User, string Action, string Detail);

    private static List<Row> Rows(Page page) =>
        AuditRow().Matches(page.Html).Select(m => new Row(
            DateTimeOffset.Parse(m.Groups["when"].Value, System.Globalization.CultureInfo.InvariantCulture),
            WebUtility.HtmlDecode(m.Groups["user"].Value), WebUtility.HtmlDecode(m.Groups["action"].Value),
            WebUtility.HtmlDecode(m.Groups["detail"].Value))).ToList();

    private static string? Link(Page page, string text) =>
        Regex.Match(page.Html, $"<a href=\"([^\"]*)\">{text}</a>") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("<tr data-testid=\"audit-entry\"><td[^>]*>(?<when>[^<]*)</td><td[^>]*>(?<user>[^<]*)</td><td[^>]*>(?<action>[^<]*)</td><td[^>]*>[^<]*</td><td[^>]*>(?<detail>[^<]*)</td></tr>")]
    private static partial Regex AuditRow();

    [Fact]
    public async Task Audit_NewestFirst_FiftyAPage_WithOlderAndNewerLinks()
    {
        using var browser = await CompanyWithLinesAsync("Audit Paging IT", lines: 120);

        var first = await browser.OpenAsync("/Admin/Audit");
        var second = await browser.OpenAsync(Link(first, "Older")!);
        var third = await browser.OpenAsync(Link(second, "Older")!);

        Assert.Equal(Lines("line", 120, 71), Rows(first).Select(r => r.Detail));
        Assert.Equal(Lines("line", 70, 21), Rows(second).Select(r => r.Detail));
        // The last page ends with the oldest line: the admin's sign-in, before the 120.
        Assert.Equal(Lines("line", 20, 1), Rows(third).Take(20).Select(r => r.Detail));
        Assert.Equal([AuditActions.SignIn], Rows(third).Skip(20).Select(r => r.Action));
        var all = Rows(first).Concat(Rows(second)).Concat(Rows(third)).ToList();
        Assert.Equal(all.Select(r => r.When).OrderDescending(), all.Select(r => r.When));
        Assert.All(all, row => Assert.Equal(Admin, row.User));

        Assert.Equal("/Admin/Audit?p=2", Link(first, "Older"));
        Assert.Null(Link(first, "Newer"));
        Assert.Equal(("/Admin/Audit?p=1", "/Admin/Audit?p=3"), (Link(second, "Newer"), Link(second, "Older")));
        Assert.Equal("/Admin/Audit?p=2", Link(third, "Newer"));
        Assert.Null(Link(third, "Older"));
        Assert.Equal("Page 3", Regex.Match(third.Html, "<span>(Page [0-9]+)</span>").Groups[1].Value);
    }

    [Theory]
    [InlineData("-5", 1)]
    [InlineData("0", 1)]
    [InlineData("abc", 1)]
    [InlineData("99999999999", 1)]
    [InlineData("", 1)]
    [InlineData("100001", AuditPages.MaxNumber)]
    public async Task Audit_APageNumberOutOfRangeOrNotANumber_GivesAPage(string p, int shown)
    {
        using var browser = await CompanyWithLinesAsync("Audit Page " + (p.Length > 0 ? p : "none") + " IT", lines: 3);

        var page = await browser.OpenAsync("/Admin/Audit?p=" + Uri.EscapeDataString(p));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains($"<span>Page {shown}</span>", page.Html, StringComparison.Ordinal);
        Assert.Null(Link(page, "Older"));
        if (shown == 1)
        {
            Assert.Equal(Lines("line", 3, 1), Rows(page).Take(3).Select(r => r.Detail));
        }
        else
        {
            Assert.Empty(Rows(page));
            Assert.Equal($"/Admin/Audit?p={shown - 1}", Link(page, "Newer"));
        }
    }

    [Fact]
    public async Task Rule15_AnotherTenantsLines_AreNeverShown_NorTakeAPlaceOnAPage()
    {
        using var browser = await CompanyWithLinesAsync("Audit Own IT", lines: 60);
        var other = await factory.Services.AddBmsTenantAsync("Audit Other IT");
        // Newer than every line of the admin's own tenant: they would fill the first page if they counted.
        await RecordAsync(other.Id, null, "other tenant", 60);

        var first = await browser.OpenAsync("/Admin/Audit");
        var second = await browser.OpenAsync("/Admin/Audit?p=2");

        Assert.Equal(Lines("line", 60, 11), Rows(first).Select(r => r.Detail));
        Assert.Equal(Lines("line", 10, 1), Rows(second).Take(10).Select(r => r.Detail));
        Assert.Equal(11, Rows(second).Count);
        Assert.DoesNotContain("other tenant", first.Html + second.Html, StringComparison.Ordinal);
    }
}
