using System.Net;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>SPEC rules 10 and 13: a launch target inside BMS's origin that a browser would still read as another host.</summary>
[Collection(SuiteCollection.Name)]
public sealed class LaunchTargetTests(SuiteHosts hosts)
{
    [Theory]
    [InlineData("http://bms.test//evil.test/phish")]
    [InlineData("http://bms.test/\\evil.test/phish")]
    [InlineData("https:evil.test")]
    [InlineData("//evil.test/phish")]
    [InlineData("/\t/evil.test")]
    public async Task Rule10_ALaunchTargetThatLeadsOffSiteIsRefusedWithAMessage(string target)
    {
        var page = await hosts.NewBrowser().OpenAsync(
            $"{SuiteHosts.Bms}/kaseyaone/initiate-login?iss={Uri.EscapeDataString(SuiteHosts.K1 + "/")}&target_link_uri={Uri.EscapeDataString(target)}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("bms.test", page.Url.Host);
        Assert.Equal(KaseyaOneMessages.Text(KaseyaOneRefusal.UntrustedTarget), page.TestId("login-message"));
    }
}
