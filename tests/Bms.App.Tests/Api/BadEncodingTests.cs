using System.Net;
using System.Text.Json;

namespace SsoSuite.Bms.Tests.Api;

/// <summary>
/// SPEC rule 13: a query or form with a NUL, a broken percent-escape or bytes that are not UTF-8 is a bad
/// request on every endpoint of BMS: an RFC 9457 problem on the API, the error page elsewhere; never a 500.
/// </summary>
public sealed class BadEncodingTests(BmsFactory fixture) : IClassFixture<BmsFactory>
{
    private static readonly string[] Endpoints =
    [
        "/api/v1/auth/token", "/api/v1/companies", "/api/v1/mapping/options",
        "/Accounts/Login", "/Mfa/Code", "/Accounts/Logout", "/", "/Tickets",
        "/kaseyaone/status", "/kaseyaone/login", "/kaseyaone/initiate-login", "/kaseyaone/sign-in/complete",
        "/kaseyaone/tenant/enable/complete", "/kaseyaone/tenant/disable/complete", "/kaseyaone/user-link/complete",
        "/kaseyaone/link", "/kaseyaone/unlink", "/Admin/Integrations/KaseyaOne", "/Employees", "/Accounts/Settings",
        "/signin-kaseyaone", "/signout-kaseyaone", "/signout-callback-kaseyaone", "/kaseyaone/backchannel-logout",
    ];

    public static IEnumerable<object[]> EveryEndpointAndEncoding() => BadlyEncoded.Everywhere(Endpoints);

    [Theory]
    [MemberData(nameof(EveryEndpointAndEncoding))]
    public async Task Rule13_ABadlyEncodedQueryIsABadRequest(string path, string encoding) =>
        AssertRefused(path, await BadlyEncoded.QueryAsync(fixture.Server, path, $"?company=Acme{encoding}IT&page=1"));

    [Theory]
    [MemberData(nameof(EveryEndpointAndEncoding))]
    public async Task Rule13_ABadlyEncodedFormIsABadRequest(string path, string encoding)
    {
        using var client = fixture.CreateClient();
        AssertRefused(path, await BadlyEncoded.FormAsync(client, path, $"Company=Acme{encoding}IT&logout_token=x"));
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("utf-7")]
    [InlineData("iso-8859-1")]
    public async Task Rule13_AnApiBodyInAnotherCharsetThanUtf8IsABadRequest(string charset)
    {
        using var client = fixture.CreateClient();
        using var body = new ByteArrayContent("{}"u8.ToArray());
        body.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=" + charset);

        using var response = await client.PostAsync("/api/v1/auth/token", body);

        AssertRefused("/api/v1/auth/token", new RawAnswer(response.StatusCode, response.Content.Headers.ContentType?.ToString(),
            await response.Content.ReadAsStringAsync()));
    }

    private static void AssertRefused(string path, RawAnswer answer)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
            Assert.Equal(400, JsonDocument.Parse(answer.Body).RootElement.GetProperty("status").GetInt32());
        }
        else
        {
            Assert.Contains("<h1>Bad request</h1>", answer.Body, StringComparison.Ordinal);
        }
    }
}
