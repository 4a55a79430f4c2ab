using SsoSuite.Identity.Tests.Support;
using SsoSuite.Testing.Hosting;

namespace SsoSuite.Identity.Tests.Hosting;

/// <summary>
/// A bad setting stops KaseyaOne at start with a message that names it and says what it should be: the operator reads
/// that line, not a stack trace. An issuer that is no URL used to stop the app with "This operation is not supported
/// for a relative URI", and a bad client with one sentence about clients in general.
/// </summary>
public sealed class StartupSettingsTests
{
    [Theory]
    [InlineData("Oidc:Issuer", "login.example",
        "Oidc:Issuer must be KaseyaOne's public absolute http(s) URL, without query or fragment, such as https://login.example/.")]
    [InlineData("Oidc:Issuer", "https://login.example/?tenant=acme",
        "Oidc:Issuer must be KaseyaOne's public absolute http(s) URL, without query or fragment, such as https://login.example/.")]
    [InlineData("Oidc:Clients:1:ClientSecret", "too-short", $"Oidc:Clients:1 ({IdentityFactory.ClientId}): ClientSecret must have at least 32 characters.")]
    [InlineData("Oidc:Clients:1:RedirectUris:0", "/callback",
        $"Oidc:Clients:1 ({IdentityFactory.ClientId}): /callback must be an absolute http(s) URI without a fragment.")]
    // OpenID Connect Discovery 1.0 §3: a client gets one of the ID-token algorithms discovery advertises.
    [InlineData("Oidc:Clients:1:IdTokenSignedResponseAlg", "HS256", $"Oidc:Clients:1 ({IdentityFactory.ClientId}): IdTokenSignedResponseAlg is ES256 or RS256.")]
    public void Startup_ABadSettingStopsTheAppWithAMessageNamingIt(string key, string value, string message)
    {
        using var factory = IdentityFactory.On(null, new Dictionary<string, string?> { [key] = value });

        var failure = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_ADataFolderThatCannotBeCreatedStopsTheAppNamingTheSetting()
    {
        var file = Path.GetTempFileName();
        try
        {
            using var factory = IdentityFactory.On(null, new Dictionary<string, string?> { ["DataFolder"] = Path.Combine(file, "data") });

            var failure = Assert.ThrowsAny<Exception>(() => factory.Server);

            Assert.StartsWith($"DataFolder {Path.Combine(file, "data")} cannot be created:", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
    /// <summary>
    /// The operator's view of the same: KaseyaOne run as the process it is, with a bad setting or a store it cannot reach,
    /// says why on one line and exits with 1. It used to end with an unhandled exception's stack trace and an abort
    /// (exit 134), the reason buried above it.
    /// </summary>
    [Theory]
    [InlineData("Oidc:Issuer", "login.example",
        "KaseyaOne did not start: Oidc:Issuer must be KaseyaOne's public absolute http(s) URL, without query or fragment, such as https://login.example/.")]
    [InlineData("ConnectionStrings:Default", "Host=127.0.0.1;Port={port};Username=postgres;Database=k1;Timeout=5",
        "KaseyaOne did not start: The store named by ConnectionStrings:Default cannot be reached: Failed to connect to 127.0.0.1:{port}")]
    [InlineData("DataProtection:Certificate", "/nonexistent/key-ring.pfx",
        "KaseyaOne did not start: DataProtection:Certificate ('/nonexistent/key-ring.pfx') could not be read as a PKCS#12 certificate")]
    public async Task Startup_AProcessThatCannotStartSaysWhyOnOneLineAndExitsWithOne(string key, string value, string message)
    {
        // A loopback port nobody listens on, for the store that cannot be reached.
        var closed = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var folder = Directory.CreateTempSubdirectory("k1-start-");
        try
        {
            await using var app = AppInstanceProcess.Start("Identity", "SsoSuite.Identity.dll", LoopbackPort.Free(),
                new Dictionary<string, string?> { ["DataFolder"] = folder.FullName, [key] = value.Replace("{port}", closed, StringComparison.Ordinal) });

            var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(120));

            var log = app.Log();
            Assert.True(exitCode == 1, $"Exit code {exitCode}:{Environment.NewLine}{log}");
            // One line of standard error says why (the host's own lines, on standard output, may come before or after it).
            Assert.Single(log.Split(Environment.NewLine), line => line.StartsWith(message.Replace("{port}", closed, StringComparison.Ordinal), StringComparison.Ordinal));
            Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
