using System.Net;
using System.Text;
using System.Text.Json;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Bms.Tests.Hosting;

/// <summary>
/// SPEC rule 13 for text that is not percent-encoded: JSON may carry any character escaped in a string (RFC 8259 §7),
/// a NUL or an escape character included, and a multipart form's section carries its text as it is. BMS refuses such
/// a body as malformed, on either store, as it refuses such a query or URL-encoded form: PostgreSQL cannot take a NUL
/// as a query parameter at all, and the API's token request and the login page's sign-in query failed with a 500.
/// </summary>
public sealed class HiddenCharacterTests(BmsOnEachStore stores) : IClassFixture<BmsOnEachStore>
{
    private const string TokenPath = "/api/v1/auth/token";

    private static readonly (string Escape, string Problem)[] Hidden =
    [
        (@"\u0000", UrlEncoding.NulCharacter),
        (@"\u001b", UrlEncoding.ControlCharacter),
        (@"\u007F", UrlEncoding.ControlCharacter),
    ];

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_ANulOrControlCharacterEscapedInAnApiBodyIsABadRequest(Store store)
    {
        using var client = stores.On(store).CreateClient();
        foreach (var (escape, problem) in Hidden)
        {
            foreach (var json in new[]
                     {
                         $$"""{"tenant":"Acme{{escape}}IT","username":"integrator","password":"x","code":"123456"}""",
                         $$"""{"tenant":"Acme IT","user{{escape}}name":"integrator","password":"x","code":"123456"}""",
                     })
            {
                using var response = await client.PostAsync(TokenPath, new StringContent(json, Encoding.UTF8, "application/json"));

                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
                Assert.Equal(problem, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
            }
        }
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_ANulInAMultipartLoginFormIsABadRequest(Store store)
    {
        using var browser = stores.On(store).NewBrowser();
        var login = await browser.OpenAsync("/Accounts/Login");
        // The page's own fields (its anti-forgery token), sent as multipart, with a NUL in the company's name.
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in login.HiddenFields())
        {
            form.Add(new StringContent(value), name);
        }
        form.Add(new StringContent("Acme\0IT"), "Company");
        form.Add(new StringContent("bob"), "UserName");
        form.Add(new StringContent("Demo!Pass2026"), "Password");

        var answer = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, login.Url) { Content = form });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("<h1>Bad request</h1>", answer.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"\t")]
    [InlineData(@"\n")]
    [InlineData(@"\u00e9")]
    public async Task Rule13_TabsLineBreaksAndOtherEscapedTextInAnApiBodyAreReadAsText(string escape)
    {
        using var client = stores.On(Store.Sqlite).CreateClient();
        var json = $$"""{"tenant":"Acme{{escape}}IT","username":"integrator","password":"x","code":"123456"}""";

        using var response = await client.PostAsync(TokenPath, new StringContent(json, Encoding.UTF8, "application/json"));

        // Read, and refused as the wrong credentials they are.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Rule13_AnApiBodyOverTheLimitIsRefusedAsTooLarge_WithoutReadingItAll()
    {
        using var client = stores.On(Store.Sqlite).CreateClient();
        var json = $$"""{"tenant":"{{new string('a', WellFormedRequests.MaxBodyBytes)}}","username":"u","password":"x","code":"1"}""";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        // Sent without a Content-Length: the size is found by reading, and the read stops at the limit.
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath) { Content = new StreamContent(await content.ReadAsStreamAsync()) };
        request.Content.Headers.ContentType = content.Headers.ContentType;
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }
}
