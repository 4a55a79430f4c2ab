using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Audit;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Identity.Tests.Admin;

/// <summary>Admin Settings &gt; Audit: who each line is about and who acted, by name.</summary>
public sealed partial class AuditTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [GeneratedRegex("<tr data-testid=\"audit-entry\"><td[^>]*>[^<]*</td><td[^>]*>(?<account>[^<]*)</td><td[^>]*>(?<by>[^<]*)</td><td[^>]*>(?<action>[^<]*)</td>")]
    private static partial Regex AuditRow();

    [Fact]
    public async Task Admin_TheAuditNamesTheAccountAndTheAdminWhoActed()
    {
        var target = await factory.CreateAsync();
        var admin = await factory.CreateAsync(admin: true);
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, admin);
        var users = await browser.OpenAsync("/Admin/Users");
        var id = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == target).Select(a => a.Id).SingleAsync());
        // A page of other lines since the admin signed in: the admin's own sign-in line is on the next page, so the page
        // names them only because they acted.
        await factory.WithDbAsync(async db =>
        {
            var tenantId = await db.Accounts.Where(a => a.UserName == admin).Select(a => a.TenantId).SingleAsync();
            for (var i = 0; i < AuditPages.Size; i++)
            {
                factory.Clock.Advance(TimeSpan.FromSeconds(1));
                db.AuditEntries.Add(new AuditEntry
                {
                    TenantId = tenantId, At = factory.Clock.GetUtcNow(), Action = AuditActions.TenantLink, Outcome = AuditOutcomes.Succeeded,
                });
            }
            return await db.SaveChangesAsync();
        });
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await browser.SubmitAsync(users, new Dictionary<string, string> { ["id"] = id.ToString() }, action: "?handler=Deactivate");

        var audit = await browser.OpenAsync("/Admin/Audit");

        var rows = AuditRow().Matches(audit.Html)
            .Select(m => (Account: WebUtility.HtmlDecode(m.Groups["account"].Value), By: WebUtility.HtmlDecode(m.Groups["by"].Value),
                Action: WebUtility.HtmlDecode(m.Groups["action"].Value)))
            .ToList();
        Assert.Equal((target, admin, AuditActions.AdminAction), rows[0]);
        Assert.DoesNotContain(rows, row => row.Account == admin);
    }
}
