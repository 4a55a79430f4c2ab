using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Testing.Hosting;
using SsoSuite.Testing.Mail;
using static SsoSuite.Bms.Tests.KaseyaOne.SuiteData;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>SPEC rules 2–7 and 10, through the real round trips between BMS and KaseyaOne.</summary>
[Collection(SuiteCollection.Name)]
public sealed class KaseyaOneIntegrationTests(SuiteHosts hosts)
{
    private static async Task<Page> LogInWithKaseyaOneAsync(FormBrowser browser, string bmsCompany, string k1Company, string k1User)
    {
        var start = await browser.OpenAsync($"{SuiteHosts.Bms}/kaseyaone/login?company={Uri.EscapeDataString(bmsCompany)}");
        return start.Url.Host == "k1.test" ? await browser.SignInAsync(k1Company, k1User, startAt: start) : start;
    }

    /// <summary>
    /// BMS tenant "<paramref name="name"/> IT" connected by its admin to KaseyaOne tenant "<paramref name="name"/> MSP", and one
    /// more user on both sides with the same address (<c>user@name.example</c>), not linked yet.
    /// </summary>
    private async Task ConnectedPairWithUserAsync(string name, string admin, string user)
    {
        await hosts.CreatePairAsync(name, admin);
        await EnableAsync(hosts.NewBrowser(), $"{name} IT", admin, $"{name} MSP", admin);
        var email = $"{user}@{name.ToLowerInvariant()}.example";
        await hosts.AddK1AccountAsync($"{name} MSP", user, email);
        await hosts.AddBmsUserAsync($"{name} IT", user, email);
    }

    [Fact]
    public async Task Rule5_AdminEnablesTheIntegration_SeesSuccess_AndTheTenantAndOwnLinksExist()
    {
        await hosts.CreatePairAsync("Enable", "erica");
        var browser = hosts.NewBrowser();

        var back = await EnableAsync(browser, "Enable IT", "erica", "Enable MSP", "erica");

        Assert.Equal(IntegrationModel.PagePath, back.Path);
        Assert.Equal(KaseyaOneMessages.Success, back.TestId("kaseyaone-notice"));
        Assert.Equal("Enabled", back.TestId("kaseyaone-state"));
        Assert.True(await hosts.BmsDbAsync(db => db.Set<TenantLink>().AnyAsync(l => l.K1TenantName == "Enable MSP")));
        Assert.True(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => db.Users.Any(u => u.Id == l.BmsUserId && u.UserName == "erica"))));
        Assert.True(await hosts.K1DbAsync(db => db.TenantLinks.AnyAsync(l => l.BmsTenantName == "Enable IT")));
        Assert.True(await hosts.BmsDbAsync(db => db.Set<Bms.Admin.AuditEntry>().AnyAsync(a => a.Action == "KaseyaOne integration enable" && a.Outcome == "succeeded")));
    }

    [Fact]
    public async Task Rule2_SecondBmsTenantCannotLinkTheSameKaseyaOneTenant()
    {
        await hosts.CreatePairAsync("Taken", "tess");
        await hosts.CreatePairAsync("Second", "sam");
        await EnableAsync(hosts.NewBrowser(), "Taken IT", "tess", "Taken MSP", "tess");

        var refused = await EnableAsync(hosts.NewBrowser(), "Second IT", "sam", "Taken MSP", "tess");

        Assert.Equal(Shared.TenantLinks.TenantLinkContract.AlreadyLinkedElsewhere, refused.TestId("kaseyaone-error"));
        Assert.Equal("Disabled", refused.TestId("kaseyaone-state"));
        Assert.False(await hosts.BmsDbAsync(db => db.Set<TenantLink>().AnyAsync(l => db.Tenants.Any(t => t.Id == l.BmsTenantId && t.Name == "Second IT"))));
        Assert.Equal(1, await hosts.BmsDbAsync(db => db.Set<TenantLink>().CountAsync(l => l.K1TenantName == "Taken MSP")));
    }

    /// <summary>
    /// Rule 2 under a race: the admins of two BMS tenants come back from KaseyaOne, signed in to one KaseyaOne tenant, at
    /// the same moment. One tenant is connected; the other admin sees rule 2's words and nothing of theirs is stored,
    /// in BMS or in KaseyaOne.
    /// </summary>
    [Fact]
    public async Task Rule2_TwoBmsTenantsEnablingOneKaseyaOneTenantAtOnce_OneIsConnected_TheOtherSeesRule2()
    {
        await hosts.CreatePairAsync("Contest", "cora");
        await hosts.CreatePairAsync("Rivals", "rory");
        await hosts.Identity.Services.AddKaseyaOneAccountAsync("Contest MSP", "rory", "rory@rivals.example", admin: true);
        var barrier = new RequestBarrier(EnableTenantJourney.CompletePath, browsers: 2);

        var pages = await RaceAsync(barrier,
            EnableAsync(hosts.NewBrowser(barrier), "Contest IT", "cora", "Contest MSP", "cora"),
            EnableAsync(hosts.NewBrowser(barrier), "Rivals IT", "rory", "Contest MSP", "rory"));

        var winner = Assert.Single(pages, p => p.TestId("kaseyaone-notice") == KaseyaOneMessages.Success);
        var loser = Assert.Single(pages, p => p != winner);
        Assert.Equal(Shared.TenantLinks.TenantLinkContract.AlreadyLinkedElsewhere, loser.TestId("kaseyaone-error"));
        Assert.Equal("Disabled", loser.TestId("kaseyaone-state"));
        var (winnerName, loserName) = winner == pages[0] ? ("Contest IT", "Rivals IT") : ("Rivals IT", "Contest IT");
        var bmsLink = Assert.Single(await hosts.BmsDbAsync(db => db.Set<TenantLink>()
            .Where(l => l.K1TenantName == "Contest MSP").Select(l => db.Tenants.Single(t => t.Id == l.BmsTenantId).Name).ToListAsync()));
        Assert.Equal(winnerName, bmsLink);
        Assert.False(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => db.Tenants.Any(t => t.Id == l.BmsTenantId && t.Name == loserName))));
        var k1Link = Assert.Single(await hosts.K1DbAsync(db => db.TenantLinks
            .Where(l => l.K1TenantId == db.Tenants.Single(t => t.Name == "Contest MSP").Id).Select(l => l.BmsTenantName).ToListAsync()));
        Assert.Equal(winnerName, k1Link);
    }

    /// <summary>
    /// Two admins of one BMS tenant enable the integration at the same moment, each signed in as an admin of the same
    /// KaseyaOne tenant (two tabs, two colleagues): BMS's unique tenant link lets one insert win, the other finds the
    /// tenant connected as it asked. The tenant is connected once, both admins are linked, and KaseyaOne keeps its
    /// record of the link (the losing insert must not make it forget the winner's).
    /// </summary>
    [Fact]
    public async Task Rule2_TwoAdminsOfOneBmsTenantEnablingAtOnce_ConnectItOnce_AndKaseyaOneKeepsTheLink()
    {
        await hosts.CreatePairAsync("Twin", "tia");
        await hosts.Identity.Services.AddKaseyaOneAccountAsync("Twin MSP", "tom", "tom@twin.example", admin: true);
        await hosts.BmsApp.Services.AddBmsUserAsync("Twin IT", "tom", "tom@twin.example", admin: true);
        var barrier = new RequestBarrier(EnableTenantJourney.CompletePath, browsers: 2);

        var pages = await RaceAsync(barrier,
            EnableAsync(hosts.NewBrowser(barrier), "Twin IT", "tia", "Twin MSP", "tia"),
            EnableAsync(hosts.NewBrowser(barrier), "Twin IT", "tom", "Twin MSP", "tom"));

        Assert.All(pages, p => Assert.Equal((KaseyaOneMessages.Success, "Enabled"), (p.TestId("kaseyaone-notice"), p.TestId("kaseyaone-state"))));
        Assert.Equal(1, await hosts.BmsDbAsync(db => db.Set<TenantLink>().CountAsync(l => db.Tenants.Any(t => t.Id == l.BmsTenantId && t.Name == "Twin IT"))));
        Assert.Equal(2, await hosts.BmsDbAsync(db => db.Set<UserLink>().CountAsync(l => db.Tenants.Any(t => t.Id == l.BmsTenantId && t.Name == "Twin IT"))));
        Assert.Equal(1, await hosts.K1DbAsync(db => db.TenantLinks.CountAsync(l => l.BmsTenantName == "Twin IT")));
    }

    /// <summary>Lets the walks held at the barrier go at once, and returns where each ended.</summary>
    private static async Task<Page[]> RaceAsync(RequestBarrier barrier, params Task<Page>[] walks)
    {
        // A walk that fails before it reaches the barrier ends the wait too, so the test reports its failure.
        await Task.WhenAny([barrier.AllArrived, .. walks]);
        barrier.Open();
        return await Task.WhenAll(walks);
    }

    [Fact]
    public async Task Rule7_LogInWithKaseyaOne_LinkIsEnabledOnlyWhileTheIntegrationIsOn()
    {
        await hosts.CreatePairAsync("Linkpage", "lara");
        var browser = hosts.NewBrowser();
        var before = await browser.OpenAsync(SuiteHosts.Bms + "/Accounts/Login?company=" + Uri.EscapeDataString("Linkpage IT"));
        Assert.Contains("aria-disabled=\"true\"", LinkElement(before), StringComparison.Ordinal);
        // Without an address only the role makes it a link, which a screen reader then calls unavailable.
        Assert.Contains("role=\"link\"", LinkElement(before), StringComparison.Ordinal);

        await EnableAsync(browser, "Linkpage IT", "lara", "Linkpage MSP", "lara");
        var status = await browser.OpenAsync(SuiteHosts.Bms + "/kaseyaone/status?company=" + Uri.EscapeDataString("Linkpage IT"));

        Assert.Contains("true", status.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journey_LogInWithKaseyaOneLandsOnTheDashboardWithTheAppLauncher()
    {
        await hosts.CreatePairAsync("Journey", "judy");
        await EnableAsync(hosts.NewBrowser(), "Journey IT", "judy", "Journey MSP", "judy");
        var browser = hosts.NewBrowser();

        var dashboard = await LogInWithKaseyaOneAsync(browser, "Journey IT", "Journey MSP", "judy");

        Assert.Equal("bms.test", dashboard.Url.Host);
        Assert.Equal("/", dashboard.Path);
        Assert.Contains("Dashboard", dashboard.Html, StringComparison.Ordinal);
        Assert.True(dashboard.Has("app-launcher"));
        Assert.Equal("judy", dashboard.TestId("user-name"));
    }

    [Fact]
    public async Task Rule3_EmailMismatchIsRefusedWithAClearMessage()
    {
        await hosts.CreatePairAsync("Mismatch", "mike");
        await EnableAsync(hosts.NewBrowser(), "Mismatch IT", "mike", "Mismatch MSP", "mike");
        await hosts.AddK1AccountAsync("Mismatch MSP", "erin", "erin@mismatch.example");
        await hosts.AddBmsUserAsync("Mismatch IT", "erin", "erin.smith@mismatch.example");

        var refused = await LogInWithKaseyaOneAsync(hosts.NewBrowser(), "Mismatch IT", "Mismatch MSP", "erin");

        Assert.Equal("/Accounts/Login", refused.Path);
        Assert.Equal(KaseyaOneMessages.Text(KaseyaOneRefusal.EmailMismatch), refused.TestId("login-message"));
    }

    /// <summary>
    /// Rule 2: anyone of any KaseyaOne tenant can start Log in with KaseyaOne with another company's name. The refusal is
    /// audited in that company, naming none of its users: a user there with the same user name did nothing.
    /// </summary>
    [Fact]
    public async Task Rule2_AnAccountOfAnotherKaseyaOneTenantIsRefused_AndTheAuditNamesNoUserOfThisTenant()
    {
        await hosts.CreatePairAsync("Target", "tina");
        await EnableAsync(hosts.NewBrowser(), "Target IT", "tina", "Target MSP", "tina");
        await hosts.AddBmsUserAsync("Target IT", "sam", "sam@target.example");
        await hosts.CreatePairAsync("Stranger", "sam");

        var refused = await LogInWithKaseyaOneAsync(hosts.NewBrowser(), "Target IT", "Stranger MSP", "sam");

        Assert.Equal(KaseyaOneMessages.Text(KaseyaOneRefusal.WrongTenant), refused.TestId("login-message"));
        var tenant = await hosts.BmsDbAsync(db => db.Tenants.Where(t => t.Name == "Target IT").Select(t => t.Id).SingleAsync());
        var audited = await hosts.BmsDbAsync(db => db.Set<SsoSuite.Bms.Admin.AuditEntry>()
            .Where(a => a.TenantId == tenant && a.Action == KaseyaOneAudit.SignIn && a.Outcome == "refused").ToListAsync());
        var line = Assert.Single(audited);
        Assert.Null(line.UserId);
    }

    [Fact]
    public async Task Rule3_TheEmailIsCheckedAtEverySignIn_NotOnlyWhenLinking()
    {
        await hosts.CreatePairAsync("Recheck", "rita");
        await EnableAsync(hosts.NewBrowser(), "Recheck IT", "rita", "Recheck MSP", "rita");
        await hosts.BmsDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.UserName == "rita" && u.Tenant.Name == "Recheck IT")).Email = "rita.changed@recheck.example";
            return await db.SaveChangesAsync();
        });

        var refused = await LogInWithKaseyaOneAsync(hosts.NewBrowser(), "Recheck IT", "Recheck MSP", "rita");

        Assert.Equal(KaseyaOneMessages.Text(KaseyaOneRefusal.EmailMismatch), refused.TestId("login-message"));
    }

    [Fact]
    public async Task Rule4_ClientPortalUserCannotUseKaseyaOne()
    {
        await hosts.CreatePairAsync("Portal", "pam");
        await EnableAsync(hosts.NewBrowser(), "Portal IT", "pam", "Portal MSP", "pam");
        await hosts.AddK1AccountAsync("Portal MSP", "dave", "dave@client.example");
        await hosts.AddBmsUserAsync("Portal IT", "dave", "dave@client.example", BmsUserType.ClientPortal);

        var refused = await LogInWithKaseyaOneAsync(hosts.NewBrowser(), "Portal IT", "Portal MSP", "dave");

        Assert.Equal(KaseyaOneMessages.Text(KaseyaOneRefusal.NotEmployee), refused.TestId("login-message"));
    }

    [Fact]
    public async Task Rule4_InactiveKaseyaOneAccountLandsOnTheDefaultLoginPageWithAMessage()
    {
        await hosts.CreatePairAsync("Dormant", "dora");
        await EnableAsync(hosts.NewBrowser(), "Dormant IT", "dora", "Dormant MSP", "dora");
        await hosts.AddK1AccountAsync("Dormant MSP", "carol", "carol@dormant.example", active: false);
        await hosts.AddBmsUserAsync("Dormant IT", "carol", "carol@dormant.example");

        var start = await hosts.NewBrowser().OpenAsync($"{SuiteHosts.Bms}/kaseyaone/login?company=Dormant%20IT");
        var browser = hosts.NewBrowser();
        var k1 = await browser.OpenAsync($"{SuiteHosts.Bms}/kaseyaone/login?company=Dormant%20IT");
        var refused = await browser.SubmitAsync(k1, new Dictionary<string, string>
        {
            ["Form.Company"] = "Dormant MSP", ["Form.UserName"] = "carol", ["Form.Password"] = AccountBuilder.Password,
        });

        Assert.Equal("k1.test", start.Url.Host);
        Assert.Equal("bms.test", refused.Url.Host);
        Assert.Equal("/Accounts/Login", refused.Path);
        Assert.Equal(KaseyaOneMessages.Text(KaseyaOneRefusal.KaseyaOneInactive), refused.TestId("login-message"));
    }

    [Fact]
    public async Task Rule4_IntegrationOffRefusesKaseyaOneSignIn()
    {
        await hosts.CreatePairAsync("Off", "otto");

        var refused = await hosts.NewBrowser().OpenAsync($"{SuiteHosts.Bms}/kaseyaone/login?company=Off%20IT");

        Assert.Equal(KaseyaOneMessages.Text(KaseyaOneRefusal.IntegrationOff), refused.TestId("login-message"));
    }

    [Fact]
    public async Task Rule6_UserEnablesTheirLinkThenDisablesIt_EndingTheSessionsItOpened_AndIsNotRelinkedSilently()
    {
        await ConnectedPairWithUserAsync("Personal", "pia", "bob");
        var browser = hosts.NewBrowser();
        await browser.LogInToBmsAsync("Personal IT", "bob");

        var settings = await browser.OpenAsync(SuiteHosts.Bms + "/Accounts/Settings");
        Assert.True(settings.Has("enable-kaseyaone"));
        var k1 = await browser.EnableLoginWithKaseyaOneAsync(settings);
        var home = await browser.SignInAsync("Personal MSP", "bob", startAt: k1);
        Assert.Equal("/", home.Path);
        settings = await browser.OpenAsync(SuiteHosts.Bms + "/Accounts/Settings");
        Assert.True(settings.Has("disable-kaseyaone"));
        // Someone else holding the KaseyaOne account (the reason to disable it) is signed in to BMS through it.
        var throughKaseyaOne = hosts.NewBrowser();
        Assert.Equal("/", (await LogInWithKaseyaOneAsync(throughKaseyaOne, "Personal IT", "Personal MSP", "bob")).Path);

        var disabled = await browser.DisableLoginWithKaseyaOneAsync(settings);
        Assert.True(disabled.Has("enable-kaseyaone"));
        Assert.Equal("/Accounts/Login", (await throughKaseyaOne.OpenAsync(SuiteHosts.Bms + "/")).Path);
        Assert.Equal("/", (await browser.OpenAsync(SuiteHosts.Bms + "/")).Path);
        Assert.False(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => db.Users.Any(u => u.Id == l.BmsUserId && u.UserName == "bob" && u.Email == "bob@personal.example"))));

        var refused = await LogInWithKaseyaOneAsync(hosts.NewBrowser(), "Personal IT", "Personal MSP", "bob");
        Assert.Equal(KaseyaOneMessages.Text(KaseyaOneRefusal.NotLinked), refused.TestId("login-message"));
    }

    /// <summary>
    /// A user enables their link from two tabs and comes back from KaseyaOne in both at the same moment: BMS's unique
    /// link lets one insert win, and the other finds the very link it asked for. Both tabs say it is enabled (neither
    /// claims the account is linked to another BMS user), and one link exists on each side.
    /// </summary>
    [Fact]
    public async Task Rule6_OneUserEnablingTheirLinkTwiceAtOnce_IsLinkedOnce_AndBothTabsSayItIsEnabled()
    {
        await ConnectedPairWithUserAsync("Double", "dina", "dan");
        var barrier = new RequestBarrier(LinkUserJourney.CompletePath, browsers: 2);

        async Task<Page> EnableLinkAsync(FormBrowser browser)
        {
            await browser.LogInToBmsAsync("Double IT", "dan");
            var settings = await browser.OpenAsync(SuiteHosts.Bms + "/Accounts/Settings");
            var k1 = await browser.EnableLoginWithKaseyaOneAsync(settings);
            return await browser.SignInAsync("Double MSP", "dan", startAt: k1);
        }
        // The second tab signs in at KaseyaOne once the first is held on its way back to BMS: a code is refused after a
        // later one of the same account (RFC 6238 §5.2), so the tabs enter their codes in the order they read them, as a
        // person would. The race is BMS's two completions.
        var firstTab = EnableLinkAsync(hosts.NewBrowser(barrier));
        await Task.WhenAny(barrier.FirstArrived, firstTab);
        var pages = await RaceAsync(barrier, firstTab, EnableLinkAsync(hosts.NewBrowser(barrier)));

        Assert.All(pages, p => Assert.Equal(("/", KaseyaOneMessages.UserLinked), (p.Path, p.TestId("kaseyaone-notice"))));
        Assert.Equal(1, await hosts.BmsDbAsync(db => db.Set<UserLink>().CountAsync(l => db.Users.Any(u => u.Id == l.BmsUserId && u.Email == "dan@double.example"))));
        Assert.Equal(1, await hosts.K1DbAsync(db => db.UserLinks.CountAsync(l => l.BmsTenantName == "Double IT" && db.Accounts.Any(a => a.Id == l.AccountId && a.UserName == "dan"))));
    }

    [Fact]
    public async Task Rule6_EnableFromASettingsPageOpenedBeforeTheLinkWasMade_SaysItIsEnabled_WithoutARoundTrip()
    {
        await ConnectedPairWithUserAsync("Stale", "sia", "stu");
        var browser = hosts.NewBrowser();
        await browser.LogInToBmsAsync("Stale IT", "stu");
        var stale = await browser.OpenAsync(SuiteHosts.Bms + "/Accounts/Settings");
        var k1 = await browser.EnableLoginWithKaseyaOneAsync();
        Assert.Equal("/", (await browser.SignInAsync("Stale MSP", "stu", startAt: k1)).Path);

        var again = await browser.EnableLoginWithKaseyaOneAsync(stale);

        Assert.Equal((SuiteHosts.Bms + "/Accounts/Settings", KaseyaOneMessages.UserLinked),
            (again.Url.GetLeftPart(UriPartial.Path), again.TestId("kaseyaone-notice")));
        Assert.True(again.Has("disable-kaseyaone"));
    }

    /// <summary>
    /// Two tabs of one BMS user went to KaseyaOne to enable the link; one comes back with one KaseyaOne account, the other
    /// with a second account of the same tenant and address. The user's link stays with the first, and the second tab
    /// says that this BMS user is linked already, not that the account is linked to someone else.
    /// </summary>
    [Fact]
    public async Task Rule2_AUserLinkedToOneKaseyaOneAccountIsToldSo_WhenAnotherAccountComesBackForThem()
    {
        await hosts.CreatePairAsync("Pairing", "pam");
        await EnableAsync(hosts.NewBrowser(), "Pairing IT", "pam", "Pairing MSP", "pam");
        await hosts.AddK1AccountAsync("Pairing MSP", "tom", "tom@pairing.example");
        await hosts.AddK1AccountAsync("Pairing MSP", "tom2", "tom@pairing.example");
        await hosts.AddBmsUserAsync("Pairing IT", "tom", "tom@pairing.example");
        var first = hosts.NewBrowser();
        var second = hosts.NewBrowser();
        await first.LogInToBmsAsync("Pairing IT", "tom");
        await second.LogInToBmsAsync("Pairing IT", "tom");
        var secondAtK1 = await second.EnableLoginWithKaseyaOneAsync();
        var firstAtK1 = await first.EnableLoginWithKaseyaOneAsync();
        Assert.Equal("/", (await first.SignInAsync("Pairing MSP", "tom", startAt: firstAtK1)).Path);

        var refused = await second.SignInAsync("Pairing MSP", "tom2", startAt: secondAtK1);

        Assert.Equal(KaseyaOneMessages.Text(KaseyaOneRefusal.UserLinkedElsewhere), refused.TestId("kaseyaone-error"));
        Assert.Equal(1, await hosts.BmsDbAsync(db => db.Set<UserLink>().CountAsync(l => db.Users.Any(u => u.Id == l.BmsUserId && u.Email == "tom@pairing.example"))));
        Assert.False(await hosts.K1DbAsync(db => db.UserLinks.AnyAsync(l => db.Accounts.Any(a => a.Id == l.AccountId && a.UserName == "tom2"))));
    }

    /// <summary>
    /// Disable Login with KaseyaOne from two tabs at once: the other tab's request records the opt-out between this one's
    /// check and its insert. The link is gone, the user is told so, and nothing answers a 500.
    /// </summary>
    [Fact]
    public async Task Rule6_DisablingTheLinkTwiceAtOnce_RemovesItOnce_AndSaysSo()
    {
        await ConnectedPairWithUserAsync("Undo", "una", "ugo");
        var browser = hosts.NewBrowser();
        await browser.LogInToBmsAsync("Undo IT", "ugo");
        var k1 = await browser.EnableLoginWithKaseyaOneAsync();
        Assert.Equal("/", (await browser.SignInAsync("Undo MSP", "ugo", startAt: k1)).Path);
        var settings = await browser.OpenAsync(SuiteHosts.Bms + "/Accounts/Settings");
        var userId = await hosts.BmsDbAsync(db => db.Users.Where(u => u.Email == "ugo@undo.example").Select(u => u.Id).SingleAsync());
        using var race = new ConcurrentInsert<KaseyaOneOptOut>(o => o.BmsUserId == userId, () => hosts.BmsDbAsync(other =>
        {
            other.Set<KaseyaOneOptOut>().Add(new KaseyaOneOptOut { BmsUserId = userId, At = DateTimeOffset.UtcNow });
            return other.SaveChangesAsync();
        }));

        var disabled = await browser.DisableLoginWithKaseyaOneAsync(settings);

        Assert.True(race.Ran);
        Assert.Equal(KaseyaOneMessages.UserUnlinked, disabled.TestId("kaseyaone-notice"));
        Assert.True(disabled.Has("enable-kaseyaone"));
        Assert.False(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => l.BmsUserId == userId)));
        Assert.Equal(1, await hosts.BmsDbAsync(db => db.Set<KaseyaOneOptOut>().CountAsync(o => o.BmsUserId == userId)));
    }

    [Fact]
    public async Task Rule6_FirstKaseyaOneSignInWithMatchingEmailsLinksTheUser()
    {
        await hosts.CreatePairAsync("Firsttime", "fay");
        await EnableAsync(hosts.NewBrowser(), "Firsttime IT", "fay", "Firsttime MSP", "fay");
        await hosts.AddK1AccountAsync("Firsttime MSP", "finn", "finn@firsttime.example");
        await hosts.AddBmsUserAsync("Firsttime IT", "finn", "FINN@firsttime.example");

        var dashboard = await LogInWithKaseyaOneAsync(hosts.NewBrowser(), "Firsttime IT", "Firsttime MSP", "finn");

        Assert.Equal("/", dashboard.Path);
        Assert.True(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => db.Users.Any(u => u.Id == l.BmsUserId && u.UserName == "finn"))));
    }

    [Fact]
    public async Task Rule16_AnUnverifiedKaseyaOneEmailIsRefusedAndNotLinked_UntilItsOwnerVerifiesIt()
    {
        await hosts.CreatePairAsync("Unproven", "uma");
        await EnableAsync(hosts.NewBrowser(), "Unproven IT", "uma", "Unproven MSP", "uma");
        await hosts.AddK1AccountAsync("Unproven MSP", "vic", "vic@unproven.example", emailVerified: false);
        await hosts.AddBmsUserAsync("Unproven IT", "vic", "vic@unproven.example");
        var browser = hosts.NewBrowser();

        // KaseyaOne signs vic in and offers the verification first; "Not now" goes back to BMS with email_verified false.
        var verify = await LogInWithKaseyaOneAsync(browser, "Unproven IT", "Unproven MSP", "vic");
        Assert.Equal("k1.test", verify.Url.Host);
        Assert.Equal("/Emails/Verify", verify.Path);
        var refused = await browser.OpenAsync(SuiteHosts.K1 + QueryHelpers.ParseQuery(verify.Url.Query)["returnUrl"]);

        Assert.Equal("bms.test", refused.Url.Host);
        Assert.Equal(KaseyaOneMessages.Text(KaseyaOneRefusal.EmailNotVerified), refused.TestId("login-message"));
        Assert.False(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => db.Users.Any(u => u.Id == l.BmsUserId && u.UserName == "vic"))));
        // The unproven address names nobody in the audit: anyone can type another's address into their KaseyaOne profile.
        var tenant = await hosts.BmsDbAsync(db => db.Tenants.Where(t => t.Name == "Unproven IT").Select(t => t.Id).SingleAsync());
        var refusal = Assert.Single(await hosts.BmsDbAsync(db => db.Set<SsoSuite.Bms.Admin.AuditEntry>()
            .Where(a => a.TenantId == tenant && a.Action == KaseyaOneAudit.SignIn && a.Outcome == "refused").ToListAsync()));
        Assert.Null(refusal.UserId);

        var code = new Inbox(hosts.Identity.DataFolder).LatestCodeTo("vic@unproven.example");
        await browser.SubmitAsync(await browser.OpenAsync(SuiteHosts.K1 + "/Emails/Verify"), new Dictionary<string, string> { ["Code"] = code });
        var dashboard = await LogInWithKaseyaOneAsync(browser, "Unproven IT", "Unproven MSP", "vic");

        Assert.Equal("bms.test", dashboard.Url.Host);
        Assert.Equal("/", dashboard.Path);
        Assert.True(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => db.Users.Any(u => u.Id == l.BmsUserId && u.UserName == "vic"))));
    }

    [Fact]
    public async Task Rule6_ABmsAdminIsNeverLinkedSilently_TheyEnableItThemselfInMySettings()
    {
        await hosts.CreatePairAsync("Admins", "ada");
        await EnableAsync(hosts.NewBrowser(), "Admins IT", "ada", "Admins MSP", "ada");
        await hosts.AddK1AccountAsync("Admins MSP", "abe", "abe@admins.example");
        await hosts.AddBmsUserAsync("Admins IT", "abe", "abe@admins.example", admin: true);

        var refused = await LogInWithKaseyaOneAsync(hosts.NewBrowser(), "Admins IT", "Admins MSP", "abe");

        Assert.Equal("/Accounts/Login", refused.Path);
        Assert.Equal(KaseyaOneMessages.Text(KaseyaOneRefusal.AdminLinksThemself), refused.TestId("login-message"));
        Assert.False(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => db.Users.Any(u => u.Id == l.BmsUserId && u.UserName == "abe"))));

        var browser = hosts.NewBrowser();
        await browser.LogInToBmsAsync("Admins IT", "abe");
        var settings = await browser.OpenAsync(SuiteHosts.Bms + "/Accounts/Settings");
        var k1 = await browser.EnableLoginWithKaseyaOneAsync(settings);
        await browser.SignInAsync("Admins MSP", "abe", startAt: k1);
        var dashboard = await LogInWithKaseyaOneAsync(hosts.NewBrowser(), "Admins IT", "Admins MSP", "abe");

        Assert.Equal("/", dashboard.Path);
        Assert.Equal("abe", dashboard.TestId("user-name"));
    }

    [Fact]
    public async Task Rule5_DisablingRemovesTheLinks_EndsTheSessionsKaseyaOneOpened_AndDisablesTheLoginPageLink()
    {
        await hosts.CreatePairAsync("Disable", "dina");
        var browser = hosts.NewBrowser();
        await EnableAsync(browser, "Disable IT", "dina", "Disable MSP", "dina");
        var throughKaseyaOne = hosts.NewBrowser();
        Assert.Equal("/", (await LogInWithKaseyaOneAsync(throughKaseyaOne, "Disable IT", "Disable MSP", "dina")).Path);
        var page = await browser.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);

        var back = await browser.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = "false" });
        // KaseyaOne no longer vouches for this tenant's users: the sessions it opened end, the admin's own stays.
        Assert.Equal("/Accounts/Login", (await throughKaseyaOne.OpenAsync(SuiteHosts.Bms + "/")).Path);
        Assert.Equal("/", (await browser.OpenAsync(SuiteHosts.Bms + "/")).Path);

        Assert.Equal(IntegrationModel.PagePath, back.Path);
        Assert.Equal(KaseyaOneMessages.Success, back.TestId("kaseyaone-notice"));
        Assert.Equal("Disabled", back.TestId("kaseyaone-state"));
        var tenantId = await hosts.BmsDbAsync(db => db.Tenants.Where(t => t.Name == "Disable IT").Select(t => t.Id).SingleAsync());
        Assert.False(await hosts.BmsDbAsync(db => db.Set<TenantLink>().AnyAsync(l => l.BmsTenantId == tenantId)));
        Assert.False(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => l.BmsTenantId == tenantId)));
        Assert.False(await hosts.K1DbAsync(db => db.TenantLinks.AnyAsync(l => l.BmsTenantName == "Disable IT")));
        var login = await hosts.NewBrowser().OpenAsync(SuiteHosts.Bms + "/Accounts/Login?company=Disable%20IT");
        Assert.Contains("aria-disabled=\"true\"", LinkElement(login), StringComparison.Ordinal);
    }

    /// <summary>
    /// Rule 5, slider to the left in a browser that has no KaseyaOne session (the admin logged into BMS with their BMS
    /// password, or KaseyaOne's session has lapsed since): KaseyaOne answers the brief pass login_required, and the
    /// integration is still switched off. The admin used to get "Access denied" with the integration left on.
    /// </summary>
    [Fact]
    public async Task Rule5_DisablingFromABrowserWithoutAKaseyaOneSession_StillDisconnects()
    {
        await hosts.CreatePairAsync("Lapsed", "lena");
        await EnableAsync(hosts.NewBrowser(), "Lapsed IT", "lena", "Lapsed MSP", "lena");
        var browser = hosts.NewBrowser();
        await browser.LogInToBmsAsync("Lapsed IT", "lena");
        var page = await browser.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);

        var back = await browser.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = "false" });

        Assert.Equal(IntegrationModel.PagePath, back.Path);
        Assert.Equal(KaseyaOneMessages.Success, back.TestId("kaseyaone-notice"));
        Assert.Equal("Disabled", back.TestId("kaseyaone-state"));
        Assert.False(await hosts.BmsDbAsync(db => db.Set<TenantLink>().AnyAsync(l => l.K1TenantName == "Lapsed MSP")));
        Assert.False(await hosts.K1DbAsync(db => db.TenantLinks.AnyAsync(l => l.BmsTenantName == "Lapsed IT")));
    }

    /// <summary>
    /// KaseyaOne answers the Disable's removal with an error of its own: sign-ins through KaseyaOne still stop (only BMS
    /// can stop them, and that is what the admin asked), and the admin is told KaseyaOne may still hold the link, and how
    /// to ask again; the audit says so too.
    /// </summary>
    [Fact]
    public async Task Rule5_DisablingWhenKaseyaOneDoesNotConfirm_DisconnectsHere_AndSaysKaseyaOneMayStillHoldTheLink()
    {
        await hosts.CreatePairAsync("Unsure", "uma");
        var browser = hosts.NewBrowser();
        await EnableAsync(browser, "Unsure IT", "uma", "Unsure MSP", "uma");
        var page = await browser.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);

        Page back;
        hosts.KaseyaOneLinkApiAnswers = System.Net.HttpStatusCode.InternalServerError;
        try
        {
            back = await browser.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = "false" });
        }
        finally
        {
            hosts.KaseyaOneLinkApiAnswers = null;
        }

        Assert.Equal((KaseyaOneMessages.Success, KaseyaOneMessages.TenantUnlinkNotConfirmed, "Disabled"),
            (back.TestId("kaseyaone-notice"), back.TestId("kaseyaone-note"), back.TestId("kaseyaone-state")));
        Assert.False(await hosts.BmsDbAsync(db => db.Set<TenantLink>().AnyAsync(l => l.K1TenantName == "Unsure MSP")));
        Assert.True(await hosts.K1DbAsync(db => db.TenantLinks.AnyAsync(l => l.BmsTenantName == "Unsure IT")));
        var audited = await hosts.BmsDbAsync(db => db.Set<SsoSuite.Bms.Admin.AuditEntry>()
            .Where(a => a.Action == KaseyaOneAudit.Disable && db.Tenants.Any(t => t.Id == a.TenantId && t.Name == "Unsure IT"))
            .Select(a => a.Detail).SingleAsync());
        Assert.Contains("KaseyaOne did not confirm", audited, StringComparison.Ordinal);

        // On and off again asks KaseyaOne once more; answering now, it forgets the link.
        await EnableAsync(browser, "Unsure IT", "uma", "Unsure MSP", "uma");
        var again = await browser.SubmitAsync(await browser.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath),
            new Dictionary<string, string> { ["enabled"] = "false" });
        Assert.Equal((KaseyaOneMessages.Success, null), (again.TestId("kaseyaone-notice"), again.TestId("kaseyaone-note")));
        Assert.False(await hosts.K1DbAsync(db => db.TenantLinks.AnyAsync(l => l.BmsTenantName == "Unsure IT")));
    }

    [Theory]
    [InlineData("Maybe", "maybe")]
    [InlineData("One", "1")]
    [InlineData("Empty", "")]
    [InlineData("Both", "true,false")]
    [InlineData("Missing", null)]
    public async Task Rule5_AMalformedSliderValueGetsAMessage_AndLeavesTheIntegrationOn(string name, string? value)
    {
        await hosts.CreatePairAsync("Slider" + name, "sam");
        var browser = hosts.NewBrowser();
        await EnableAsync(browser, $"Slider{name} IT", "sam", $"Slider{name} MSP", "sam");
        var page = await browser.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);

        // Without a value the post carries the form's other fields (its anti-forgery token) and no "enabled" at all.
        var back = value is null
            ? await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, page.Url)
            {
                Content = new FormUrlEncodedContent(page.HiddenFields().Where(field => field.Key != "enabled")),
            })
            : await browser.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = value });

        Assert.Equal(IntegrationModel.PagePath, back.Path);
        Assert.Null(back.LeftTo);
        Assert.Equal(KaseyaOneMessages.SliderNotUnderstood, back.TestId("kaseyaone-error"));
        Assert.Equal("Enabled", back.TestId("kaseyaone-state"));
        var tenantId = await hosts.BmsDbAsync(db => db.Tenants.Where(t => t.Name == $"Slider{name} IT").Select(t => t.Id).SingleAsync());
        Assert.True(await hosts.BmsDbAsync(db => db.Set<TenantLink>().AnyAsync(l => l.BmsTenantId == tenantId)));
        Assert.True(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => l.BmsTenantId == tenantId)));
        Assert.True(await hosts.K1DbAsync(db => db.TenantLinks.AnyAsync(l => l.BmsTenantName == $"Slider{name} IT")));
    }

    [Fact]
    public async Task Rule5_OnlyBmsAdminsReachTheIntegrationPage()
    {
        await hosts.CreatePairAsync("Nonadmin", "nina");
        await hosts.AddBmsUserAsync("Nonadmin IT", "nick", "nick@nonadmin.example");
        var browser = hosts.NewBrowser();
        await browser.LogInToBmsAsync("Nonadmin IT", "nick");

        var page = await browser.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
    }

    [Theory]
    [InlineData("http://evil.test/", "http://bms.test/Tickets", KaseyaOneRefusal.UntrustedIssuer)]
    [InlineData("http://k1.test/", "http://evil.test/phish", KaseyaOneRefusal.UntrustedTarget)]
    [InlineData("http://k1.test/", "javascript:alert(1)", KaseyaOneRefusal.UntrustedTarget)]
    public async Task Rule10_InitiateLoginRefusesAForeignIssuerOrTarget(string iss, string target, KaseyaOneRefusal refusal)
    {
        var page = await hosts.NewBrowser().OpenAsync(
            $"{SuiteHosts.Bms}/kaseyaone/initiate-login?iss={Uri.EscapeDataString(iss)}&target_link_uri={Uri.EscapeDataString(target)}");

        Assert.Equal("bms.test", page.Url.Host);
        Assert.Equal(KaseyaOneMessages.Text(refusal), page.TestId("login-message"));
    }

    [Fact]
    public async Task Rule10_LaunchFromMyModulesLandsOnTheTargetWithoutAnotherPrompt()
    {
        await hosts.CreatePairAsync("Launch", "leo");
        var browser = hosts.NewBrowser();
        await EnableAsync(browser, "Launch IT", "leo", "Launch MSP", "leo");
        var bmsTenant = await hosts.BmsDbAsync(db => db.Tenants.Where(t => t.Name == "Launch IT").Select(t => t.Id).SingleAsync());

        // The K1 session of the enable round trip is live in this browser: no prompt.
        var landed = await browser.OpenAsync($"{SuiteHosts.K1}/Launcher/Launch?module=bms&tenant={bmsTenant}");

        Assert.Equal("bms.test", landed.Url.Host);
        Assert.Equal("/", landed.Path);
        Assert.True(landed.Has("app-launcher"));
    }

    private static string LinkElement(Page page) =>
        System.Text.RegularExpressions.Regex.Match(page.Html, "<[^>]*data-testid=\"kaseyaone-login\"[^>]*>").Value;
}
