using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SsoSuite.Bms.Tests.Accounts;

namespace SsoSuite.Bms.Tests.Api;

/// <summary>
/// SPEC rule 13: a query or form with a NUL, a broken percent-escape or bytes that are not UTF-8 is a bad
/// request on every endpoint of BMS: an RFC 9457 problem on the API, the error page elsewhere; never a 500.
/// </summary>
public sealed class BadEncodingTests(BmsFixture fixture) : IClassFixture<BmsFixture>
{
    public static readonly string[] Encodings = ["%00", "%zz", "%FF", "%C3%28", "%"];

    private static readonly string[] Endpoints =
    [
        "/api/v1/auth/token", "/api/v1/companies", "/api/v1/mapping/options",
        "/Accounts/Login", "/Mfa/Code", "/Accounts/Logout", "/", "/Tickets",
        "/kaseyaone/status", "/kaseyaone/login", "/kaseyaone/initiate-login", "/kaseyaone/complete",
        "/signin-kaseyaone", "/signout-kaseyaone", "/signout-callback-kaseyaone", "/kaseyaone/backchannel-logout",
    ];

    public static TheoryData<string, string> EveryEndpointAndEncoding()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in Endpoints)
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
        var answer = await fixture.App.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = path;
            c.Request.QueryString = new QueryString($"?company=Acme{encoding}IT&page=1");
        });

        AssertRefused(path, (HttpStatusCode)answer.Response.StatusCode, answer.Response.ContentType,
            await new StreamReader(answer.Response.Body).ReadToEndAsync());
    }

    [Theory]
    [MemberData(nameof(EveryEndpointAndEncoding))]
    public async Task Rule13_ABadlyEncodedFormIsABadRequest(string path, string encoding)
    {
        using var client = fixture.App.CreateClient();
        using var body = new ByteArrayContent(Encoding.ASCII.GetBytes($"Company=Acme{encoding}IT&logout_token=x"));
        body.Headers.ContentType = new("application/x-www-form-urlencoded");

        using var response = await client.PostAsync(path, body);

        AssertRefused(path, response.StatusCode, response.Content.Headers.ContentType?.ToString(),
            await response.Content.ReadAsStringAsync());
    }

    private static void AssertRefused(string path, HttpStatusCode status, string? contentType, string text)
    {
        Assert.Equal(HttpStatusCode.BadRequest, status);
        if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
            Assert.Equal(400, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
        }
        else
        {
            Assert.Contains("<h1>Bad request</h1>", text, StringComparison.Ordinal);
        }
    }
}
