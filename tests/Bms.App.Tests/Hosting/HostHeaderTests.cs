using System.Net;
using Microsoft.AspNetCore.Http;

namespace SsoSuite.Bms.Tests.Hosting;

/// <summary>
/// SPEC rule 13 for the Host header: one whose <c>xn--</c> label is not valid Punycode is a plain 400 on every URL
/// of BMS (RFC 9112 §3.2), never a 500; a valid one is served as before.
/// </summary>
public sealed class HostHeaderTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    private static readonly (string Method, string Path)[] Requests =
    [
        ("GET", "/health"), ("GET", "/"), ("GET", "/Accounts/Login"), ("GET", "/openapi/v1.json"),
        ("POST", "/api/v1/auth/token"), ("GET", "/api/v1/companies"), ("POST", "/kaseyaone/backchannel-logout"),
        ("GET", "/kaseyaone/login"),
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

    [Theory]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("localhost:5200")]
    public async Task Rule13_AValidHostIsServed(string host)
    {
        var answer = await BadlyEncoded.HostAsync(factory.Server, HttpMethods.Get, "/Accounts/Login", host);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }
}
