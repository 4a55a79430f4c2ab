using SsoSuite.Identity.Tests.Support;

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
}
