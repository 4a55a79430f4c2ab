using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>
/// SPEC rule 13: a query or form with a NUL, a broken percent-escape or bytes that are not UTF-8 is a bad
/// request on every endpoint: the protocol's invalid_request on the OpenID Connect endpoints, an RFC 9457 problem on
/// the APIs, the error page elsewhere; never a 500, and nothing is counted or stored.
/// </summary>
public sealed class BadEncodingTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private static readonly string[] ProtocolEndpoints =
        ["/connect/authorize", "/connect/token", "/connect/userinfo", "/connect/endsession", "/connect/revoke"];

    private static readonly string[] Pages =
    [
        "/Accounts/Login", "/Mfa/Code", "/Mfa/Enrol", "/Sessions/SignOut", "/Sessions/EndSession", "/Sessions/Mine", "/Admin/Users",
        "/Admin/ModuleUrls", "/api/v1/launcher", "/api/v1/tenant-links/x", "/.well-known/openid-configuration", "/",
    ];

    public static IEnumerable<object[]> EveryEndpointAndEncoding() => BadlyEncoded.Everywhere(ProtocolEndpoints.Concat(Pages));

    [Theory]
    [MemberData(nameof(EveryEndpointAndEncoding))]
    public async Task Rule13_ABadlyEncodedQueryIsABadRequest(string path, string encoding) =>
        AssertRefused(path, await BadlyEncoded.QueryAsync(factory.Server, path, $"?client_id=test-rp&state=a{encoding}b"));

    [Theory]
    [MemberData(nameof(EveryEndpointAndEncoding))]
    public async Task Rule13_ABadlyEncodedFormIsABadRequest(string path, string encoding)
    {
        using var client = factory.CreateClient();
        AssertRefused(path, await BadlyEncoded.FormAsync(client, path, $"grant_type=authorization_code&code=a{encoding}b"));
    }

    [Fact]
    public async Task Rule13_APasswordFormWithBrokenUtf8CountsNoFailure()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var login = await browser.OpenAsync("/Accounts/Login");
        var token = System.Text.RegularExpressions.Regex.Match(login.Html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var body = new ByteArrayContent(Encoding.ASCII.GetBytes(
            $"__RequestVerificationToken={Uri.EscapeDataString(WebUtility.HtmlDecode(token))}&Form.Company=Acme%20MSP&Form.UserName={user}&Form.Password=wrong%FF"));
        body.Headers.ContentType = new("application/x-www-form-urlencoded");

        using var response = await browser.Http.PostAsync("/Accounts/Login", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == user).Select(a => a.FailedSignIns).SingleAsync()));
    }

    private static void AssertRefused(string path, RawAnswer answer)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        if (path.StartsWith("/connect/", StringComparison.Ordinal))
        {
            Assert.Equal("invalid_request", JsonDocument.Parse(answer.Body).RootElement.GetProperty("error").GetString());
        }
        else if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.Equal(400, JsonDocument.Parse(answer.Body).RootElement.GetProperty("status").GetInt32());
        }
        else
        {
            Assert.Contains("<h1>Bad request</h1>", answer.Body, StringComparison.Ordinal);
        }
    }
}
