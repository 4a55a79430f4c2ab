using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SsoSuite.EndToEnd.Cluster;

/// <summary>
/// The browser journeys through the cluster's proxies (issue 14): round-robin sends consecutive requests of one
/// journey to different instances, which share nothing but the database.
/// </summary>
public sealed class ClusterJourneys(ClusterSuite cluster) : IClassFixture<ClusterSuite>
{
    [PostgresFact]
    public async Task Journey_EnrolEnableLogInWithKaseyaOneAndLogoutBothWays_ThroughTheProxies_OnBothInstancesOfEachApp()
    {
        await LogoutJourney.RunAsync(cluster);

        foreach (var proxy in new[] { cluster.IdentityProxy, cluster.BmsProxy })
        {
            var requests = proxy.All;
            // No affinity: the journey's form posts (password, code, BMS's login and logout…) were answered by both.
            Assert.Equal(["instance-1", "instance-2"], requests.Where(r => r.Method == "POST").Select(r => r.Instance).Distinct().Order());
            // Round-robin: each instance got its turn in strict rotation, so their counts differ by at most one
            // (two, should the browser have a request under way as the counts are read).
            var perInstance = requests.GroupBy(r => r.Instance).ToDictionary(g => g.Key ?? "none", g => g.Count());
            Assert.Equal(2, perInstance.Count);
            Assert.InRange(Math.Abs(perInstance["instance-1"] - perInstance["instance-2"]), 0, 2);
        }
    }

    [PostgresFact]
    public async Task Journey_TheKaseyaOneInstanceThatSignedTheUserInIsKilled_LaunchFromKaseyaOneCompletesThroughTheOther()
    {
        var page = await cluster.NewPageAsync();
        await cluster.TurnOnKaseyaOneIntegrationAsync(page, ("Globex Services", "gina"), ("Globex MSP", "gina"));
        await Assertions.Expect(page.GetByTestId("kaseyaone-notice")).ToHaveTextAsync(JourneySteps.Completed);

        // The instance that took the code wrote the session; it dies in the middle of the journey.
        var signedInBy = cluster.IdentityProxy.All.Last(r => r.Method == "POST" && r.Path.StartsWith("/Mfa/", StringComparison.Ordinal)).Instance!;
        var survivor = signedInBy == "instance-1" ? "instance-2" : "instance-1";
        await cluster.KillIdentityInstanceAsync(signedInBy);
        var killed = cluster.IdentityProxy.Mark();

        // Nothing committed is lost: the session it wrote signs her straight in at the other instance.
        await page.GotoAsync(cluster.IdentityUrl + "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My Modules" })).ToBeVisibleAsync();

        // Launch BMS from KaseyaOne: authorize, code and its redemption all go to the survivor.
        await page.GotoAsync(cluster.IdentityUrl + "/Launcher/Launch?module=bms");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Globex Services") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Dashboard") })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(cluster.BmsUrl) + "/"));

        var afterKill = cluster.IdentityProxy.Since(killed);
        Assert.Contains(afterKill, r => r.Method == "POST" && r.Path == "/connect/token");
        // A GET that reached the dead instance was sent again to the survivor, which answered everything.
        Assert.All(afterKill, r => Assert.Equal(survivor, r.Instance));
    }
}
