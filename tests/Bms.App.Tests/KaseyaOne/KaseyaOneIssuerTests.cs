using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>Initiate-login and front-channel logout trust only an iss that names the configured KaseyaOne.</summary>
public sealed class KaseyaOneIssuerTests
{
    private static readonly KaseyaOneOptions Options = new() { Authority = new Uri("http://localhost:5100"), ClientId = "bms" };

    [Theory]
    [InlineData("http://localhost:5100/", true)]
    [InlineData("http://localhost:5100", true)]
    [InlineData("http://localhost:51000/", false)]
    [InlineData("http://localhost:5100/evil/", false)]
    [InlineData("https://localhost:5100/", false)]
    [InlineData("http://localhost:5100.evil.example/", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Rule10_OnlyTheConfiguredKaseyaOneIsAnIssuer(string? iss, bool trusted) =>
        Assert.Equal(trusted, Options.IsIssuer(iss));
}
