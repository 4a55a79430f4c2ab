using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace SsoSuite.Bms.Tests.Tickets;

/// <summary>
/// Home &gt; Tickets shows as many tickets a page as My Settings says, and every ticket can be reached: Older and Newer
/// move between the pages; an odd page number is read as the nearest one there can be.
/// </summary>
public sealed partial class TicketPagesTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    [Fact]
    public async Task Journey_EveryTicketCanBeReached_APageAtATime()
    {
        await factory.WithDbAsync(async (db, _) =>
            await db.Users.Where(u => u.UserName == "alice").ExecuteUpdateAsync(s => s.SetProperty(u => u.TicketsPerPage, 5)));
        var all = new List<int>();
        await factory.WithDbAsync(async (db, _) => all.AddRange(await db.Set<SsoSuite.Bms.Tickets.Ticket>()
            .Where(t => t.Tenant.Name == BmsFactory.Acme).OrderByDescending(t => t.Number).Select(t => t.Number).ToListAsync()));
        Assert.True(all.Count > 5, "the demo company needs more tickets than one page holds");
        using var alice = factory.NewBrowser();
        await alice.LogInToBmsAsync(BmsFactory.Acme, "alice");

        var seen = new List<int>();
        var page = await alice.OpenAsync("/Tickets");
        for (var pages = 1; ; pages++)
        {
            var numbers = TicketLink().Matches(page.Html).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            Assert.InRange(numbers.Count, 1, 5);
            seen.AddRange(numbers);
            if (OlderLink().Match(page.Html) is not { Success: true } older)
            {
                Assert.Equal((all.Count + 4) / 5, pages);
                break;
            }
            page = await alice.OpenAsync(older.Groups[1].Value);
            Assert.Contains("Newer</a>", page.Html, StringComparison.Ordinal);
        }

        Assert.Equal(all, seen);
        foreach (var odd in new[] { "0", "-3", "abc", "99999999999" })
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await alice.OpenAsync("/Tickets?p=" + odd)).Status);
        }
    }

    [GeneratedRegex("<a href=\"/Tickets/(\\d+)\">")]
    private static partial Regex TicketLink();

    [GeneratedRegex("<a href=\"(/Tickets\\?p=\\d+)\">Older</a>")]
    private static partial Regex OlderLink();
}
