using SsoSuite.Testing.Hosting;

namespace SsoSuite.Bms.Tests.Hosting;

/// <summary>
/// A bad KaseyaOne setting stops BMS at start with a message that names it. An Authority that is no URL used to stop
/// the app with "Exception has been thrown by the target of an invocation", and a short secret with
/// "The field ClientSecret must be a string or array type with a minimum length of '32'".
/// </summary>
public sealed class StartupSettingsTests
{
    [Theory]
    [InlineData("KaseyaOne:Authority", "k1.example", "KaseyaOne:Authority must be KaseyaOne's absolute http(s) URL.")]
    [InlineData("KaseyaOne:ClientSecret", "too-short",
        "KaseyaOne:ClientSecret must have at least 32 characters, as KaseyaOne's Oidc:Clients secrets do.")]
    public void Startup_ABadKaseyaOneSettingStopsBmsWithAMessageNamingIt(string key, string value, string message)
    {
        using var factory = BmsFactory.With(new Dictionary<string, string?> { [key] = value });

        var failure = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }
    /// <summary>BMS run as the process it is: bad settings are one line, and it exits with 1, not an abort with a stack trace.</summary>
    [Fact]
    public async Task Startup_AProcessWithBadSettingsSaysWhyOnOneLineAndExitsWithOne()
    {
        var folder = Directory.CreateTempSubdirectory("bms-start-");
        try
        {
            await using var app = AppInstanceProcess.Start("Bms.App", "SsoSuite.Bms.dll", LoopbackPort.Free(),
                new Dictionary<string, string?>
                {
                    ["DataFolder"] = folder.FullName,
                    ["KaseyaOne:Authority"] = "k1.example",
                    ["Demo:IntegratorTotpSecret"] = "not-base32",
                });

            var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(120));

            var log = app.Log();
            Assert.True(exitCode == 1, $"Exit code {exitCode}:{Environment.NewLine}{log}");
            // Every setting that is wrong or missing, in two settings classes, each in its own words (appsettings.json
            // leaves the secret empty); on one line of standard error.
            var reason = Assert.Single(log.Split(Environment.NewLine), line => line.StartsWith("BMS did not start: ", StringComparison.Ordinal));
            Assert.Contains("KaseyaOne:ClientSecret is missing: the secret of this BMS's client in KaseyaOne's Oidc:Clients. "
                            + "KaseyaOne:Authority must be KaseyaOne's absolute http(s) URL.", reason, StringComparison.Ordinal);
            Assert.Contains("Demo:IntegratorTotpSecret must be a base32 secret of 16 to 128 characters.", reason, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
