using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace SsoSuite.Testing.Browsing;

/// <summary>What an answer to a badly encoded request said: its status, content type and body.</summary>
public sealed record RawAnswer(HttpStatusCode Status, string? ContentType, string Body);

/// <summary>
/// SPEC rule 13's badly encoded requests, sent byte for byte: a browser or HttpClient would repair a broken escape
/// before it left, so these go straight to the test server.
/// </summary>
public static class BadlyEncoded
{
    /// <summary>Each broken encoding as it travels on the wire: a NUL, a broken escape, bytes that are not UTF-8, a lone %.</summary>
    public static readonly string[] Encodings = ["%00", "%zz", "%FF", "%C3%28", "%"];

    /// <summary>Every path with every encoding, as theory data (path, encoding).</summary>
    public static IEnumerable<object[]> Everywhere(IEnumerable<string> paths) =>
        paths.SelectMany(path => Encodings.Select(encoding => new object[] { path, encoding }));

    /// <summary>A GET of <paramref name="path"/> with <paramref name="query"/> (starting with ?) exactly as written.</summary>
    public static Task<RawAnswer> QueryAsync(TestServer server, string path, string query) =>
        SendAsync(server, c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = path;
            c.Request.QueryString = new QueryString(query);
        });

    /// <summary>A request of <paramref name="path"/> whose Host header is <paramref name="host"/> exactly as written.</summary>
    public static Task<RawAnswer> HostAsync(TestServer server, string method, string path, string host) =>
        SendAsync(server, c =>
        {
            c.Request.Method = method;
            c.Request.Path = path;
            c.Request.Headers.Host = host;
        });

    /// <summary>A request built on the server's own context, so that nothing on the way repairs it.</summary>
    private static async Task<RawAnswer> SendAsync(TestServer server, Action<HttpContext> request)
    {
        var answer = await server.SendAsync(request);
        return new RawAnswer((HttpStatusCode)answer.Response.StatusCode, answer.Response.ContentType,
            await new StreamReader(answer.Response.Body).ReadToEndAsync());
    }

    /// <summary>A POST of <paramref name="form"/> as an URL-encoded body, its bytes exactly as written.</summary>
    public static async Task<RawAnswer> FormAsync(HttpClient client, string path, string form)
    {
        using var body = new ByteArrayContent(Encoding.ASCII.GetBytes(form));
        body.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var response = await client.PostAsync(path, body);
        return new RawAnswer(response.StatusCode, response.Content.Headers.ContentType?.ToString(),
            await response.Content.ReadAsStringAsync());
    }
}
