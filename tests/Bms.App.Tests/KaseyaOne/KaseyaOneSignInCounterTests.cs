using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>What an operator watches of BMS's sign-ins (README, Observability), through the real round trips.</summary>
[Collection(SuiteCollection.Name)]
public sealed class KaseyaOneSignInCounterTests(SuiteHosts hosts)
{
    private async Task<Page> LogInWithKaseyaOneAsync(string bmsCompany, string k1Company, string k1User)
    {
        var browser = hosts.NewBrowser();
        var start = await browser.OpenAsync($"{SuiteHosts.Bms}/kaseyaone/login?company={Uri.EscapeDataString(bmsCompany)}");
        return await browser.SignInAsync(k1Company, k1User, startAt: start);
    }

    [Fact]
    public async Task Observability_KaseyaOneSignInsAreCountedByOutcome_AndTheSessionAsAKaseyaOneSignIn()
    {
        await hosts.CreatePairAsync("Counted", "cory");
        var admin = hosts.NewBrowser();
        await admin.LogInToBmsAsync("Counted IT", "cory");
        var k1Login = await admin.SubmitAsync(await admin.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath),
            new Dictionary<string, string> { ["enabled"] = "true" });
        await admin.SignInAsync("Counted MSP", "cory", startAt: k1Login);
        await hosts.AddK1AccountAsync("Counted MSP", "erin", "erin@counted.example");
        await hosts.AddBmsUserAsync("Counted IT", "erin", "erin.smith@counted.example");
        using var outcomes = hosts.BmsApp.Counter("bms.kaseyaone", "bms.kaseyaone.signins");
        using var signIns = hosts.BmsApp.Counter("bms.accounts", "bms.signins");

        await LogInWithKaseyaOneAsync("Counted IT", "Counted MSP", "cory");
        await LogInWithKaseyaOneAsync("Counted IT", "Counted MSP", "erin");

        Assert.Equal([KaseyaOneSignInMetrics.SignedIn, KaseyaOneMessages.Code(KaseyaOneRefusal.EmailMismatch)],
            outcomes.GetMeasurementSnapshot().Select(m => m.Tags["outcome"]));
        Assert.Equal("kaseyaone", Assert.Single(signIns.GetMeasurementSnapshot()).Tags["method"]);
    }

    [Fact]
    public async Task Observability_ALocalSignInAndAWrongPasswordAreCountedInBms()
    {
        await hosts.CreatePairAsync("Local", "lena");
        using var signIns = hosts.BmsApp.Counter("bms.accounts", "bms.signins");
        using var failures = hosts.BmsApp.Counter("bms.accounts", "bms.signin.failures");

        await hosts.NewBrowser().LogInToBmsAsync("Local IT", "lena", "wrong-password");
        await hosts.NewBrowser().LogInToBmsAsync("Local IT", "lena");

        Assert.Equal("wrong_password", Assert.Single(failures.GetMeasurementSnapshot()).Tags["cause"]);
        Assert.Equal("local", Assert.Single(signIns.GetMeasurementSnapshot()).Tags["method"]);
    }
}
