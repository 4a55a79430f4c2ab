using Microsoft.AspNetCore.Http;

namespace SsoSuite.Bms.Tests.Hosting;

/// <summary>
/// SPEC rule 13 for the Host header, with <c>KaseyaOne:PublicUrl</c> unset (the production default: BMS names itself by
/// the request's origin): a Host whose port is no port number, or a request that names no host at all (HTTP/1.0 may
/// leave Host out), is a plain 400 before any page builds a URL from it, never a 500; a valid port is served as before.
/// </summary>
public sealed class HostPortTests : IDisposable
{
    private readonly BmsFactory factory = BmsFactory.With(new Dictionary<string, string?> { ["KaseyaOne:PublicUrl"] = null });

    public void Dispose() => factory.Dispose();

    /// <summary>
    /// Ports that are no port number, host names Kestrel lets through (its host characters are RFC 3986's, less some)
    /// that make no URL, and no Host at all (null: HTTP/1.0 may leave it out).
    /// </summary>
    [Theory]
    [InlineData("localhost:99999")]
    [InlineData("localhost:0099999999")]
    [InlineData("localhost:0")]
    [InlineData("localhost:")]
    [InlineData("localhost:5200:5200")]
    [InlineData("[::1]:99999")]
    [InlineData("a!b")]
    [InlineData("a~b")]
    [InlineData("a..b")]
    [InlineData("a$b")]
    [InlineData(null)]
    public async Task Rule13_AHostThatMakesNoUrlIsABadRequest(string? host)
    {
        var answer = await BadlyEncoded.HostAsync(factory.Server, HttpMethods.Get, "/kaseyaone/initiate-login", host,
            "?iss=" + Uri.EscapeDataString("http://localhost:5100/") + "&target_link_uri=" + Uri.EscapeDataString("http://localhost:5200/Tickets"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.Status);
    }

    [Theory]
    [InlineData("localhost:5200")]
    [InlineData("localhost:05200")]
    [InlineData("localhost:65535")]
    [InlineData("[::1]:5200")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    [InlineData("bms_app:5200")]
    public async Task Rule13_AHostWithAValidPortOrNoneIsServed(string host)
    {
        var answer = await BadlyEncoded.HostAsync(factory.Server, HttpMethods.Get, "/Accounts/Login", host);

        Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status);
    }
}
