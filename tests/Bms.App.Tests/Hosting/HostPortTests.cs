using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

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

    [Theory]
    [InlineData("localhost:99999")]
    [InlineData("localhost:0099999999")]
    [InlineData("localhost:0")]
    [InlineData("localhost:")]
    [InlineData("localhost:5200:5200")]
    [InlineData("[::1]:99999")]
    public async Task Rule13_AHostWhosePortIsNoPortNumberIsABadRequest(string host)
    {
        var context = await InitiateLoginAsync(c => c.Request.Headers.Host = host);

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
    }

    /// <summary>Host names Kestrel lets through (its host characters are RFC 3986's, less some) that make no URL.</summary>
    [Theory]
    [InlineData("a!b")]
    [InlineData("a~b")]
    [InlineData("a..b")]
    [InlineData("a$b")]
    public async Task Rule13_AHostThatMakesNoUrlIsABadRequest(string host)
    {
        var context = await InitiateLoginAsync(c => c.Request.Headers.Host = host);

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
    }

    [Fact]
    public async Task Rule13_ARequestThatNamesNoHostIsABadRequest()
    {
        var context = await InitiateLoginAsync(c =>
        {
            c.Request.Protocol = HttpProtocol.Http10;
            c.Request.Headers.Remove(HeaderNames.Host);
        });

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
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

    /// <summary>KaseyaOne's launch of the Tickets page (OpenID Connect Core §4), with the Host <paramref name="host"/> sets.</summary>
    private Task<HttpContext> InitiateLoginAsync(Action<HttpContext> host) =>
        factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/kaseyaone/initiate-login";
            c.Request.QueryString = new QueryString("?iss=" + Uri.EscapeDataString("http://localhost:5100/")
                + "&target_link_uri=" + Uri.EscapeDataString("http://localhost:5200/Tickets"));
            host(c);
        });
}
