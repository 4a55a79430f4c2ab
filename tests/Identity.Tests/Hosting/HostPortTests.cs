using System.Net;
using Microsoft.AspNetCore.Http;
using SsoSuite.Identity.Oidc;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Hosting;

/// <summary>
/// SPEC rule 13 for the Host header: without a configured issuer KaseyaOne states the request's origin as its issuer
/// (discovery, ID tokens, the issuer kept with each session). A Host whose port is no port number, a name no URL can
/// hold, or a request that names no host (HTTP/1.0 may leave Host out) is a plain 400 on every URL (RFC 9112 §3.2 and
/// §3.3), before an issuer is made of it; a valid port is served as before.
/// </summary>
public sealed class HostPortTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private static readonly (string Method, string Path)[] Requests =
    [
        ("GET", "/.well-known/openid-configuration"), ("GET", OidcEndpoints.JwksPath), ("POST", "/connect/token"),
        ("GET", "/connect/authorize"), ("GET", "/Accounts/Login"), ("GET", "/health"),
    ];

    /// <summary>Ports that are no TCP port, and names Kestrel lets through that make no URL.</summary>
    private static readonly string[] Hosts =
        ["localhost:99999", "localhost:0099999999", "localhost:0", "localhost:", "[::1]:99999", "a!b", "a..b:5100"];

    public static IEnumerable<object[]> EveryUrlAndHost() =>
        Requests.SelectMany(r => Hosts.Select(host => new object[] { r.Method, r.Path, host }));

    public static IEnumerable<object[]> EveryUrl() => Requests.Select(r => new object[] { r.Method, r.Path });

    [Theory]
    [MemberData(nameof(EveryUrlAndHost))]
    public async Task Rule13_AHostThatMakesNoUrlIsABadRequest(string method, string path, string host)
    {
        var answer = await BadlyEncoded.HostAsync(factory.Server, method, path, host);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Empty(answer.Body);
    }

    [Theory]
    [MemberData(nameof(EveryUrl))]
    public async Task Rule13_ARequestThatNamesNoHostIsABadRequest(string method, string path)
    {
        var answer = await BadlyEncoded.HostAsync(factory.Server, method, path, host: null);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Theory]
    [InlineData("localhost:5100")]
    [InlineData("localhost:05100")]
    [InlineData("[::1]:5100")]
    [InlineData("login_host:5100")]
    public async Task Rule13_AHostWithAValidPortIsServed(string host)
    {
        var answer = await BadlyEncoded.HostAsync(factory.Server, HttpMethods.Get, "/.well-known/openid-configuration", host);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }
}
