using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>
/// SPEC rule 13: a query or form with a NUL, a broken percent-escape or bytes that are not UTF-8 is a bad
/// request on every endpoint: the protocol's invalid_request on the OpenID Connect endpoints, the error page
/// elsewhere; never a 500, and nothing is counted or stored.
/// </summary>
public sealed class BadEncodingTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    /// <summary>Each broken encoding, as it travels on the wire.</summary>
    public static readonly string[] Encodings = ["%00", "%zz", "%FF", "%C3%28", "%"];

    private static readonly string[] ProtocolEndpoints =
        ["/connect/authorize", "/connect/token", "/connect/userinfo", "/connect/endsession", "/connect/revoke"];

    private static readonly string[] Pages = ["/Accounts/Login", "/Mfa/Code", "/Mfa/Enrol", "/Sessions/SignOut", "/"];

    public static TheoryData<string, string> EveryEndpointAndEncoding()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in ProtocolEndpoints.Concat(Pages))
        {
            foreach (var encoding in Encodings)
            {
                data.Add(path, encoding);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryEndpointAndEncoding))]
    public async Task Rule13_ABadlyEncodedQueryIsABadRequest(string path, string encoding)
    {
        // Sent as is: HttpClient's Uri would repair a broken escape before it left.
        var answer = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = path;
            c.Request.QueryString = new QueryString($"?client_id=test-rp&state=a{encoding}b");
        });

        AssertRefused(path, (HttpStatusCode)answer.Response.StatusCode, answer.Response.ContentType,
            await new StreamReader(answer.Response.Body).ReadToEndAsync());
    }

    [Theory]
    [MemberData(nameof(EveryEndpointAndEncoding))]
    public async Task Rule13_ABadlyEncodedFormIsABadRequest(string path, string encoding)
    {
        using var client = factory.CreateClient();
        using var body = new ByteArrayContent(Encoding.ASCII.GetBytes($"grant_type=authorization_code&code=a{encoding}b"));
        body.Headers.ContentType = new("application/x-www-form-urlencoded");

        using var response = await client.PostAsync(path, body);

        AssertRefused(path, response.StatusCode, response.Content.Headers.ContentType?.ToString(),
            await response.Content.ReadAsStringAsync());
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

    private static void AssertRefused(string path, HttpStatusCode status, string? contentType, string text)
    {
        Assert.Equal(HttpStatusCode.BadRequest, status);
        if (path.StartsWith("/connect/", StringComparison.Ordinal))
        {
            Assert.Equal("invalid_request", JsonDocument.Parse(text).RootElement.GetProperty("error").GetString());
        }
        else
        {
            Assert.Contains("<h1>Bad request</h1>", text, StringComparison.Ordinal);
        }
    }
}
