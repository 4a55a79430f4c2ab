using System.Net;
using Microsoft.AspNetCore.Http;
using SsoSuite.Identity.Oidc;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Hosting;

/// <summary>
/// SPEC rule 13 for the Host header: one whose <c>xn--</c> label is not valid Punycode is a plain 400 on every URL
/// (RFC 9112 §3.2), the cached discovery document and JWKS included, never a 500; a valid one is served as before.
/// </summary>
public sealed class HostHeaderTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private static readonly (string Method, string Path)[] Requests =
    [
        ("GET", "/health"), ("GET", "/.well-known/openid-configuration"), ("GET", OidcEndpoints.JwksPath),
        ("POST", "/connect/token"), ("GET", "/connect/authorize"), ("GET", "/Accounts/Login"), ("GET", "/"),
        ("GET", "/api/v1/launcher"), ("GET", "/no-such-page"),
    ];

    public static IEnumerable<object[]> EveryUrlAndHost() => BadlyEncoded.WithEveryInvalidHost(Requests);

    [Theory]
    [MemberData(nameof(EveryUrlAndHost))]
    public async Task Rule13_AHostThatIsNotValidPunycodeIsABadRequest(string method, string path, string host)
    {
        var answer = await BadlyEncoded.HostAsync(factory.Server, method, path, host);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Empty(answer.Body);
    }

    [Fact]
    public async Task Rule13_AHostThatIsNotValidPunycodeIsRefusedAfterDiscoveryWasCached()
    {
        Assert.Equal(HttpStatusCode.OK, (await BadlyEncoded.HostAsync(factory.Server, HttpMethods.Get, "/.well-known/openid-configuration", "localhost")).Status);

        var answer = await BadlyEncoded.HostAsync(factory.Server, HttpMethods.Get, "/.well-known/openid-configuration", "xn--");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Theory]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("XN--BCHER-KVA.example:5100")]
    [InlineData("localhost:5100")]
    public async Task Rule13_AValidHostIsServed(string host)
    {
        var answer = await BadlyEncoded.HostAsync(factory.Server, HttpMethods.Get, "/.well-known/openid-configuration", host);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }
}
