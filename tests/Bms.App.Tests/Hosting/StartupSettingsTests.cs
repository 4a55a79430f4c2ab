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
}
