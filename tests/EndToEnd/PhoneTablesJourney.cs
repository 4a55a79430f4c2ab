using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>
/// The wide tables of both apps on a phone (375 px): each row is a card whose cells carry their column's name, so that
/// the page needs no sideways scrolling and every row's actions stay on screen.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class PhoneTablesJourney(Suite suite)
{
    [Fact]
    public async Task Journey_AdminUsersSessionsAuditAndModuleUrlsOnAPhoneNeedNoSidewaysScrolling()
    {
        var page = await suite.NewPhonePageAsync();
        await page.GotoAsync(suite.IdentityUrl + "/Admin/Users");
        await suite.SignInAtKaseyaOneAsync(page, "Globex MSP", "gina");

        await Assertions.Expect(page.GetByTestId("user-gina")).ToBeVisibleAsync();
        await page.FitsTheWidthAsync();
        await page.EveryControlOnScreenAsync();
        await ShowsColumnNameAsync(page.GetByTestId("user-gina").Locator("td").Nth(2), "Email");

        await page.GetByTestId("sessions-gina").ClickAsync();
        await Assertions.Expect(page.GetByTestId("live-session").First).ToBeVisibleAsync();
        await page.FitsTheWidthAsync();
        await page.EveryControlOnScreenAsync();
        await ShowsColumnNameAsync(page.GetByTestId("live-session").First.Locator("td").Nth(4), "Last activity");

        foreach (var path in new[] { "/Admin/Audit", "/Sessions/Mine", "/Admin/ModuleUrls", "/Profile/ModuleUrls" })
        {
            await page.GotoAsync(suite.IdentityUrl + path);
            await Assertions.Expect(page.Locator("table.grid tbody tr").First).ToBeVisibleAsync();
            await page.FitsTheWidthAsync();
            await page.EveryControlOnScreenAsync();
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Journey_BmsEmployeesAuditTicketsAndCompaniesOnAPhoneNeedNoSidewaysScrolling()
    {
        var page = await suite.NewPhonePageAsync();
        await page.LogInToBmsAsync(suite.BmsUrl, "Globex Services", "gina");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        await page.GotoAsync(suite.BmsUrl + "/Employees");
        await page.FitsTheWidthAsync();
        await page.EveryControlOnScreenAsync();
        await ShowsColumnNameAsync(page.GetByTestId("status-gina"), "Status");
        // A row's Edit link is a target a finger can hit (WCAG 2.2, 2.5.8: 24 by 24 CSS pixels at least).
        var edit = await page.GetByRole(AriaRole.Link, new() { Name = "Edit gina" }).BoundingBoxAsync();
        Assert.True(edit is { Width: >= 24, Height: >= 24 }, $"The Edit link is {edit?.Width} by {edit?.Height} pixels.");

        foreach (var path in new[] { "/Admin/Audit", "/Tickets" })
        {
            await page.GotoAsync(suite.BmsUrl + path);
            await Assertions.Expect(page.Locator("table.grid")).ToBeVisibleAsync();
            await page.FitsTheWidthAsync();
            await page.EveryControlOnScreenAsync();
        }
        await page.GotoAsync(suite.BmsUrl + "/Companies");
        await Assertions.Expect(page.Locator("table.grid")).ToBeVisibleAsync();
        await page.FitsTheWidthAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>On a phone the column headers are out of sight: the cell itself shows its column's name before its value.</summary>
    private static async Task ShowsColumnNameAsync(ILocator cell, string column)
    {
        var shown = await cell.EvaluateAsync<string>("cell => getComputedStyle(cell, '::before').content");
        Assert.Contains($"\"{column}\"", shown);
    }
}
