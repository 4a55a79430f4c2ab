using System.Text.RegularExpressions;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>Seed 001's words on the integration page, and the slider's accessible name.</summary>
[Collection(SuiteCollection.Name)]
public sealed class SeedWordingTests(SuiteHosts hosts)
{
    [Fact]
    public async Task Rule5_SuccessMessageIsExactlyTheSeeds_AndASecondNoticeStandsOnItsOwnLine()
    {
        // The BMS admin's email differs from the KaseyaOne admin's: the tenant links, her own user does not.
        await hosts.CreatePairAsync("Wording", "wanda");
        await hosts.AddBmsUserAsync("Wording IT", "walt", "walt.other@wording.example");
        await hosts.BmsDbAsync(async db =>
        {
            var walt = db.Users.Single(u => u.UserName == "walt");
            walt.IsAdmin = true;
            return await db.SaveChangesAsync();
        });
        var browser = hosts.NewBrowser();
        await browser.LogInToBmsAsync("Wording IT", "walt");
        var page = await browser.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);
        var k1Login = await browser.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = "true" });

        var back = await browser.SignInAsync("Wording MSP", "wanda", startAt: k1Login);

        Assert.Equal("Operation is completed successfully.", back.TestId("kaseyaone-notice"));
        Assert.StartsWith("Your own user was not linked", back.TestId("kaseyaone-note"));
    }

    [Fact]
    public async Task Rule5_TheSliderIsNamedForWhatItDoes_NotForItsState()
    {
        var browser = hosts.NewBrowser();
        await browser.LogInToBmsAsync("Acme IT", "alice");

        var page = await browser.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);

        var slider = Regex.Match(page.Html, "<input[^>]*role=\"switch\"[^>]*>").Value;
        Assert.Contains("aria-label=\"KaseyaOne integration\"", slider, StringComparison.Ordinal);
        Assert.Matches("<span aria-hidden=\"true\" data-testid=\"kaseyaone-state\">Disabled</span>", page.Html);
    }
}
