using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>My Settings: tickets per page, saved within its bounds; a refused value stays in the field to correct.</summary>
public sealed partial class MySettingsTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    [Theory]
    [InlineData("500")]
    [InlineData("4")]
    public async Task MySettings_ARefusedCountStaysInTheFieldBesideItsMessage_AndNothingIsSaved(string typed)
    {
        var user = "settings" + Guid.NewGuid().ToString("N")[..6];
        await factory.Services.AddBmsUserAsync(BmsFactory.Acme, user);
        using var browser = factory.NewBrowser();
        await browser.LogInToBmsAsync(BmsFactory.Acme, user);
        var form = await browser.OpenAsync("/Accounts/Settings");

        var refused = await browser.SubmitAsync(form, new Dictionary<string, string> { ["TicketsPerPage"] = typed });

        Assert.Contains("Enter a number from 5 to 200.", refused.Html, StringComparison.Ordinal);
        Assert.Equal(typed, Field().Match(refused.Html).Groups[1].Value);
        var stored = 0;
        await factory.WithDbAsync(async (db, _) =>
            stored = await db.Users.Where(u => u.UserName == user).Select(u => u.TicketsPerPage).SingleAsync());
        Assert.Equal(25, stored);

        var saved = await browser.SubmitAsync(refused, new Dictionary<string, string> { ["TicketsPerPage"] = "50" });

        Assert.Contains("Settings saved.", saved.Html, StringComparison.Ordinal);
        Assert.Equal("50", Field().Match(saved.Html).Groups[1].Value);
    }

    [GeneratedRegex("name=\"TicketsPerPage\" type=\"number\" min=\"5\" max=\"200\" value=\"([^\"]*)\"")]
    private static partial Regex Field();
}
