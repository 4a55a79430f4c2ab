using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.KaseyaOne;
using static SsoSuite.Bms.Tests.KaseyaOne.SuiteData;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// What an MSP's operator reads in both apps' output while users walk the README's journeys with the demo accounts:
/// nothing at Warning or above for what the journeys do on purpose (refusals included: each is on the page, audited and
/// counted), and never a password, TOTP secret or code, token or cookie value.
/// </summary>
public sealed class OperatorLogTests(OperatorLogTests.LoggedSuiteHosts hosts) : IClassFixture<OperatorLogTests.LoggedSuiteHosts>
{
    /// <summary>Both apps on a suite of their own, logging to <see cref="Logs"/> as to their consoles.</summary>
    public sealed class LoggedSuiteHosts : SuiteHosts
    {
        public LoggedSuiteHosts() : this(new FakeLoggerProvider())
        {
        }

        private LoggedSuiteHosts(FakeLoggerProvider logs) : base(identitySettings: null, logs) => Logs = logs;

        public FakeLoggerProvider Logs { get; }
    }

    private readonly List<FormBrowser> browsers = [];

    private FormBrowser NewBrowser()
    {
        var browser = hosts.NewBrowser();
        browsers.Add(browser);
        return browser;
    }

    private static async Task<Page> LogInWithKaseyaOneAsync(FormBrowser browser, string k1User)
    {
        var start = await browser.OpenAsync($"{SuiteHosts.Bms}/kaseyaone/login?company={Uri.EscapeDataString("Acme IT")}");
        return start.Url.Host == "k1.test" ? await browser.SignInAsync("Acme MSP", k1User, startAt: start) : start;
    }

    [Fact]
    public async Task Journey_TheReadmeWalkThroughLogsNoWarning_AndNoSecret()
    {
        // 1, 2: Acme IT connected by its admin; Globex Services refused by rule 2.
        var admin = NewBrowser();
        var enabled = await EnableAsync(admin, "Acme IT", "alice", "Acme MSP", "alice");
        Assert.Equal(KaseyaOneMessages.Success, enabled.TestId("kaseyaone-notice"));
        var taken = await EnableAsync(NewBrowser(), "Globex Services", "gina", "Acme MSP", "alice");
        Assert.Equal(Shared.TenantLinks.TenantLinkContract.AlreadyLinkedElsewhere, taken.TestId("kaseyaone-error"));

        // 3: bob in (after mistyping his KaseyaOne password once); erin, dave and carol refused, each with a message.
        var bob = NewBrowser();
        var start = await bob.OpenAsync($"{SuiteHosts.Bms}/kaseyaone/login?company=Acme%20IT");
        var mistyped = await bob.SubmitPasswordAsync(start, "Acme MSP", "bob", "not-his-password");
        Assert.Equal(KaseyaOneForms.LoginPath, mistyped.Path);
        Assert.Equal("/", (await bob.SignInAsync("Acme MSP", "bob", startAt: mistyped)).Path);
        Assert.Equal("kaseyaone_email_mismatch", MessageOf(await LogInWithKaseyaOneAsync(NewBrowser(), "erin")));
        Assert.Equal("kaseyaone_not_employee", MessageOf(await LogInWithKaseyaOneAsync(NewBrowser(), "dave")));
        Assert.Equal("kaseyaone_inactive", MessageOf(await LogInWithKaseyaOneAsync(NewBrowser(), "carol")));

        // 7: the API user and the client-portal user at BMS's own login; a mistyped BMS password.
        Assert.Equal(LoginMessages.ApiUser, MessageOf(await NewBrowser().LogInToBmsAsync("Acme IT", "apiuser")));
        Assert.Equal(LoginMessages.ClientPortalUser, MessageOf(await NewBrowser().LogInToBmsAsync("Acme IT", "dave")));
        Assert.Equal("/Accounts/Login", (await NewBrowser().LogInToBmsAsync("Acme IT", "erin", "not-her-password")).Path);

        // The integration API: a token for the integrator, and a call with it.
        var integratorSecret = hosts.BmsApp.Services.GetRequiredService<IConfiguration>()["Demo:IntegratorTotpSecret"]!;
        using var api = hosts.BmsApp.CreateClient();
        var answer = await api.PostAsJsonAsync("/api/v1/auth/token", new
        {
            tenant = "Acme IT", username = "integrator", password = AccountBuilder.Password,
            code = hosts.Identity.Authenticator.NextCode(integratorSecret),
        });
        using var token = JsonDocument.Parse(await answer.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        var accessToken = token.RootElement.GetProperty("access_token").GetString()!;
        api.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        (await api.GetAsync("/api/v1/companies")).EnsureSuccessStatusCode();

        // 5: bob logs out of BMS, which ends his KaseyaOne session too; back in, his KaseyaOne admin resets his MFA,
        // which ends every session of his account (a logout token naming only his sub).
        var home = await bob.OpenAsync(SuiteHosts.Bms + "/");
        await bob.LogOutOfBmsAsync(home);
        Assert.Equal("/", (await LogInWithKaseyaOneAsync(bob, "bob")).Path);
        var bobId = await hosts.K1DbAsync(db => db.Accounts.Where(a => a.UserName == "bob").Select(a => a.Id).SingleAsync());
        var users = await admin.OpenAsync(SuiteHosts.K1 + "/Admin/Users");
        await admin.SubmitAsync(users, new Dictionary<string, string> { ["id"] = bobId.ToString() }, action: "?handler=ResetMfa");
        Assert.Equal("/Accounts/Login", (await bob.OpenAsync(SuiteHosts.Bms + "/")).Path);

        // 1 again: alice turns the integration off from a browser that never signed in to KaseyaOne.
        var alice = NewBrowser();
        await alice.LogInToBmsAsync("Acme IT", "alice");
        var integration = await alice.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);
        var disabled = await alice.SubmitAsync(integration, new Dictionary<string, string> { ["enabled"] = "false" });
        Assert.Equal("Disabled", disabled.TestId("kaseyaone-state"));

        var records = hosts.Logs.Collector.GetSnapshot();
        Assert.Empty(records.Where(r => r.Level >= LogLevel.Warning).Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception?.Message}"));
        // Every line names what it is about: a logout of a whole account is not "session (null)".
        Assert.Empty(records.Where(r => r.Message.Contains("(null)", StringComparison.Ordinal)).Select(r => $"{r.Category}: {r.Message}"));
        var secrets = new List<string> { AccountBuilder.Password, "not-his-password", "not-her-password", accessToken, integratorSecret };
        secrets.AddRange(browsers.SelectMany(b => b.Cookies.GetAllCookies()).Select(c => c.Value).Where(v => v.Length >= 16));
        var codes = new List<string> { hosts.Identity.Authenticator.LastCode(integratorSecret) };
        foreach (var user in new[] { "alice", "bob", "erin", "dave" })
        {
            var secret = hosts.Identity.Authenticator.SecretOf("Acme MSP", user);
            secrets.Add(secret);
            codes.Add(hosts.Identity.Authenticator.LastCode(secret));
        }
        var leaking = records.Select(r => $"{r.Category}: {r.Message} {r.Exception}")
            .Where(line => secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal))
                           || codes.Any(code => Regex.IsMatch(line, $@"\b{code}\b")))
            .ToList();
        Assert.Empty(leaking);
    }

    private static string? MessageOf(Page loginPage) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(loginPage.Url.Query).TryGetValue("message", out var message)
            ? message.ToString()
            : null;
}
