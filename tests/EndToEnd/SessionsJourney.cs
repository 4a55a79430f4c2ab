using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SsoSuite.EndToEnd;

/// <summary>SPEC rules 9 and 14 in a real browser: sessions end everywhere, and people see and end their own.</summary>
[Collection(SessionsCollection.Name)]
public sealed class SessionsJourney(SessionsSuite suite, ITestOutputHelper output)
{
    [Fact]
    public async Task Journey_AnAdminDeactivatesBob_WhileHeWorksInBms_AndHisNextBmsPageIsTheLoginPage()
    {
        await suite.EnsureIntegrationAsync();
        var bob = await suite.NewPageAsync();
        await suite.LogInWithKaseyaOneAsync(bob, "Acme IT", "Acme MSP", "bob");
        var alice = await suite.NewPageAsync();
        await alice.GotoAsync(suite.IdentityUrl + "/Admin/Users");
        await suite.SignInAtKaseyaOneAsync(alice, "Acme MSP", "alice");
        var clock = Stopwatch.StartNew();
        await alice.GetByTestId("user-bob").GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Assertions.Expect(alice.GetByTestId("admin-notice")).ToHaveTextAsync("Account bob deactivated.");
        await bob.ReloadAsync();
        await Assertions.Expect(bob).ToHaveURLAsync(new Regex(Regex.Escape(suite.BmsUrl) + "/Accounts/Login"));
        output.WriteLine($"Deactivation to BMS refusing bob's session: {clock.ElapsedMilliseconds} ms (click, admin page, bob's reload)");

        await alice.GetByTestId("user-bob").GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).ClickAsync();
        await Assertions.Expect(alice.GetByTestId("admin-notice")).ToHaveTextAsync("Account bob reactivated.");
        await alice.Context.CloseAsync();
        await bob.Context.CloseAsync();
    }

    [Fact]
    public async Task Journey_BobInTwoBrowsersSeesTwoSessions_AndSignOutEverywhereEndsBothAndBothBmsSessions()
    {
        await suite.EnsureIntegrationAsync();
        var first = await suite.NewPageAsync();
        var second = await suite.NewPageAsync();
        await suite.LogInWithKaseyaOneAsync(first, "Acme IT", "Acme MSP", "bob");
        await suite.LogInWithKaseyaOneAsync(second, "Acme IT", "Acme MSP", "bob");

        await first.GotoAsync(suite.IdentityUrl + "/Sessions/Mine");
        await Assertions.Expect(first.GetByTestId("session")).ToHaveCountAsync(2);
        await Assertions.Expect(first.GetByTestId("this-browser")).ToHaveCountAsync(1);
        await Assertions.Expect(first.GetByTestId("my-sessions")).ToContainTextAsync("BMS");

        await first.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Assertions.Expect(first.GetByTestId("apps-told")).ToHaveTextAsync("Signed out of: BMS.");

        foreach (var page in new[] { first, second })
        {
            await page.GotoAsync(suite.BmsUrl + "/");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(suite.BmsUrl) + "/Accounts/Login"));
            await page.GotoAsync(suite.IdentityUrl + "/");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to KaseyaOne" })).ToBeVisibleAsync();
        }
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }
}
