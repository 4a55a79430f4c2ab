using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Net.Http.Headers;

namespace SsoSuite.Testing.Browsing;

/// <summary>What an answer to a badly encoded request said: its status, content type and body.</summary>
public sealed record RawAnswer(HttpStatusCode Status, string? ContentType, string Body);

/// <summary>
/// SPEC rule 13's badly encoded requests, sent byte for byte: a browser or HttpClient would repair a broken escape
/// before it left, so these go straight to the test server.
/// </summary>
public static class BadlyEncoded
{
    /// <summary>
    /// Each broken encoding as it travels on the wire: a NUL, another control character (an escape), a broken escape,
    /// bytes that are not UTF-8, a lone %.
    /// </summary>
    public static readonly string[] Encodings = ["%00", "%1B", "%zz", "%FF", "%C3%28", "%"];

    /// <summary>
    /// Forms the framework cannot parse within its form limits, by what is wrong with them: more than 1,024 fields, a
    /// field name longer than 2,048 characters, a multipart body cut short, a multipart type without a boundary, a
    /// multipart body that ends inside a section, a charset .NET will not decode (UTF-7, for the form or for one
    /// section), a Content-Type header that does not parse, a multipart field whose text holds a NUL or an escape
    /// character (a section's text is not percent-encoded).
    /// </summary>
    public static readonly string[] UnreadableForms =
    [
        "1,100 fields", "a 3,000-character name", "multipart cut short", "multipart without a boundary",
        "multipart ending inside a section", "a UTF-7 form", "a UTF-7 section", "a Content-Type that does not parse",
        "a multipart field with a NUL", "a multipart field with an escape character",
    ];

    /// <summary>Every path with every unreadable form, as theory data (path, form).</summary>
    public static IEnumerable<object[]> UnreadableEverywhere(IEnumerable<string> paths) =>
        paths.SelectMany(path => UnreadableForms.Select(form => new object[] { path, form }));

    /// <summary>Host headers whose <c>xn--</c> label is not valid Punycode: alone, with a port, in capitals, inside a name.</summary>
    public static readonly string[] InvalidHosts = ["xn--", "xn--a-", "XN--a-:5100", "login.xn--a-.example"];

    /// <summary>Every request with every invalid host, as theory data (method, path, host).</summary>
    public static IEnumerable<object[]> WithEveryInvalidHost(IEnumerable<(string Method, string Path)> requests) =>
        requests.SelectMany(r => InvalidHosts.Select(host => new object[] { r.Method, r.Path, host }));

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

    /// <summary>
    /// A request of <paramref name="path"/> (and <paramref name="query"/>, with its '?') whose Host header is
    /// <paramref name="host"/> exactly as written; null sends an HTTP/1.0 request with no Host at all.
    /// </summary>
    public static Task<RawAnswer> HostAsync(TestServer server, string method, string path, string? host, string query = "") =>
        SendAsync(server, c =>
        {
            c.Request.Method = method;
            c.Request.Path = path;
            c.Request.QueryString = new QueryString(query);
            if (host is null)
            {
                c.Request.Protocol = HttpProtocol.Http10;
                c.Request.Headers.Remove(HeaderNames.Host);
            }
            else
            {
                c.Request.Headers.Host = host;
            }
        });

    /// <summary>A request built on the server's own context, so that nothing on the way repairs it.</summary>
    private static async Task<RawAnswer> SendAsync(TestServer server, Action<HttpContext> request)
    {
        var answer = await server.SendAsync(request);
        return new RawAnswer((HttpStatusCode)answer.Response.StatusCode, answer.Response.ContentType,
            await new StreamReader(answer.Response.Body).ReadToEndAsync());
    }

    /// <summary>A POST of <paramref name="form"/> as an URL-encoded body, its bytes exactly as written.</summary>
    public static Task<RawAnswer> FormAsync(HttpClient client, string path, string form) =>
        PostAsync(client, path, Body(form, "application/x-www-form-urlencoded"));

    /// <summary>A POST of one of <see cref="UnreadableForms"/>.</summary>
    public static Task<RawAnswer> UnreadableFormAsync(HttpClient client, string path, string form) =>
        PostAsync(client, path, UnreadableForm(form));

    private static async Task<RawAnswer> PostAsync(HttpClient client, string path, HttpContent body)
    {
        using (body)
        {
            using var response = await client.PostAsync(path, body);
            return new RawAnswer(response.StatusCode, response.Content.Headers.ContentType?.ToString(),
                await response.Content.ReadAsStringAsync());
        }
    }

    private static ByteArrayContent UnreadableForm(string form) => form switch
    {
        "1,100 fields" => Body(string.Join('&', Enumerable.Range(0, 1100).Select(i => $"k{i}=v")), "application/x-www-form-urlencoded"),
        "a 3,000-character name" => Body($"grant_type=client_credentials&{new string('k', 3000)}=v", "application/x-www-form-urlencoded"),
        "multipart cut short" => Body("--XX\r\nbroken", "multipart/form-data; boundary=XX"),
        "multipart without a boundary" => Body("--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--XX--\r\n", "multipart/form-data"),
        "multipart ending inside a section" => Body("--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", "multipart/form-data; boundary=XX"),
        "a UTF-7 form" => Body("grant_type=client_credentials", "application/x-www-form-urlencoded; charset=utf-7"),
        "a UTF-7 section" => Body("--XX\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Type: text/plain; charset=utf-7\r\n\r\nb\r\n--XX--\r\n",
            "multipart/form-data; boundary=XX"),
        "a Content-Type that does not parse" => Body("a=1", "application/x-www-form-urlencoded; charset=utf-8\""),
        "a multipart field with a NUL" => Body("--XX\r\nContent-Disposition: form-data; name=\"Company\"\r\n\r\nAcme\0IT\r\n--XX--\r\n",
            "multipart/form-data; boundary=XX"),
        "a multipart field with an escape character" => Body("--XX\r\nContent-Disposition: form-data; name=\"a\u001b\"\r\n\r\nb\r\n--XX--\r\n",
            "multipart/form-data; boundary=XX"),
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
    };

    private static ByteArrayContent Body(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}
