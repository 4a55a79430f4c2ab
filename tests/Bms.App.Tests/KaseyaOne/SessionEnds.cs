using Microsoft.EntityFrameworkCore;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>A member of a connected company, signed in to BMS with KaseyaOne, and their K1 admin's browser.</summary>
public sealed record SignedInMember(FormBrowser Admin, FormBrowser Member, string Company, Guid AccountId, string KaseyaOneSid)
{
    public string K1Company => Company + " MSP";
}

/// <summary>Arranges the session-end journeys: a connected company whose member works in BMS after a KaseyaOne sign-in.</summary>
public static class SessionEnds
{
    public const string Member = "member";

    public static async Task<SignedInMember> MemberInBmsAsync(this SuiteHosts hosts, string company)
    {
        await hosts.CreatePairAsync(company, "admin");
        var admin = hosts.NewBrowser();
        await admin.LogInToBmsAsync(company + " IT", "admin");
        var integration = await admin.OpenAsync(SuiteHosts.Bms + "/Admin/Integrations/KaseyaOne");
        await admin.SignInAsync(company + " MSP", "admin",
            startAt: await admin.SubmitAsync(integration, new Dictionary<string, string> { ["enabled"] = "true" }));

        var email = $"{Member}@{company.ToLowerInvariant()}.example";
        await hosts.AddK1AccountAsync(company + " MSP", Member, email);
        await hosts.AddBmsUserAsync(company + " IT", Member, email);
        var member = hosts.NewBrowser();
        await member.SignInWithKaseyaOneAsync(company);
        var accountId = await hosts.K1DbAsync(db => db.Accounts.Where(a => a.UserName == Member && a.Tenant.Name == company + " MSP")
            .Select(a => a.Id).SingleAsync());
        var sid = await hosts.K1DbAsync(db => db.Sessions.Where(s => s.AccountId == accountId && s.EndedAt == null)
            .Select(s => s.Id).SingleAsync());
        Assert.True(await member.InBmsAsync());
        return new SignedInMember(admin, member, company, accountId, sid);
    }

    public static async Task SignInWithKaseyaOneAsync(this FormBrowser browser, string company)
    {
        var start = await browser.OpenAsync($"{SuiteHosts.Bms}/kaseyaone/login?company={Uri.EscapeDataString(company + " IT")}");
        Assert.True(start.Path != "/Accounts/Login" || start.Url.Host == "k1.test", "BMS refused the KaseyaOne sign-in: " + start.Url);
        var landed = start.Path == "/Accounts/Login" ? await browser.SignInAsync(company + " MSP", Member, startAt: start) : start;
        Assert.Equal("/", landed.Path);
    }

    /// <summary>The browser's next BMS page: the dashboard while its session lives, else BMS's login page.</summary>
    public static async Task<bool> InBmsAsync(this FormBrowser browser)
    {
        var page = await browser.OpenAsync(SuiteHosts.Bms + "/");
        Assert.Equal("bms.test", page.Url.Host);
        return page.Path != "/Accounts/Login";
    }

    public static async Task<Page> PostAsync(this FormBrowser browser, string pageUrl, string handler, IDictionary<string, string>? fields = null)
    {
        var page = await browser.OpenAsync(pageUrl);
        var separator = pageUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var action = handler.Length == 0 ? pageUrl : $"{pageUrl}{separator}handler={handler}";
        return await browser.SubmitAsync(page, fields ?? new Dictionary<string, string>(), action);
    }

    public static Task<string?> EndCauseAsync(this SuiteHosts hosts, string sid) =>
        hosts.K1DbAsync(db => db.Sessions.Where(s => s.Id == sid).Select(s => s.EndCause).SingleAsync());
}
