using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// Refuses a query string or a URL-encoded form body that is not well formed (<see cref="UrlEncoding"/>), a JSON body
/// whose strings hide a NUL or another control character, and a form (URL-encoded or multipart) that cannot be parsed
/// within the framework's form limits, before any endpoint sees it, and nothing is stored: on the OpenID Connect
/// endpoints with the protocol's
/// <c>invalid_request</c> (RFC 6749 §5.2), on the API with an RFC 9457 problem, on pages with the error
/// page's "Bad request".
/// </summary>
public sealed class WellFormedRequests(RequestDelegate next)
{
    /// <summary>Every form and API body of both apps is a few hundred bytes; a larger one is refused rather than buffered.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        // The error page re-executed for a refusal below sees the same request again: let it answer.
        if (http.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(http);
            return;
        }
        // The Content-Type is parsed once here, for the charset, for whether the body is a form or JSON, and which kind.
        var contentTypeProblem = ContentTypeProblem(http.Request, out var type);
        var problem = UrlEncoding.Check(http.Request.QueryString.Value.AsSpan()) ?? contentTypeProblem;
        var body = KindOf(type);
        if (problem is null && body is not BodyKind.None)
        {
            var tooLarge = http.Request.ContentLength > MaxBodyBytes;
            if (!tooLarge && body is not BodyKind.MultipartForm)
            {
                (problem, tooLarge) = await CheckBodyAsync(http.Request, body is BodyKind.Json ? JsonStringsProblem : UrlEncoding.Check);
            }
            if (tooLarge)
            {
                await RefuseAsync(http, StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
                return;
            }
            if (body is not BodyKind.Json)
            {
                problem ??= await ParseFormAsync(http.Request);
            }
            if (problem is null && body is BodyKind.MultipartForm)
            {
                // A multipart section's text is not percent-encoded, so the URL-encoded check above never saw it.
                problem = FieldsProblem(http.Request.Form);
            }
        }
        if (problem is not null)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, problem);
            return;
        }
        await next(http);
    }

    /// <summary>
    /// A Content-Type the framework cannot parse (OpenIddict reads the form of such a request anyway, and throws), or
    /// a body in another charset than UTF-8: every body both apps read, forms and JSON, is UTF-8 (RFC 8259 §8.1 for
    /// JSON; RFC 6749 Appendix B for the protocol's forms), and a charset .NET cannot decode (UTF-7, an unknown
    /// name) threw from the form or JSON reader as a 500.
    /// </summary>
    private static string? ContentTypeProblem(HttpRequest request, out MediaTypeHeaderValue? type)
    {
        type = null;
        if (request.Headers.ContentType.Count == 0)
        {
            return null;
        }
        if (!MediaTypeHeaderValue.TryParse(request.Headers.ContentType.ToString(), out type))
        {
            return "The Content-Type header is not valid.";
        }
        var charset = HeaderUtilities.RemoveQuotes(type.Charset);
        return charset.Length == 0 || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
                                   || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : "The request body must be UTF-8.";
    }

    /// <summary>A body of type application/x-www-form-urlencoded: the only form whose bytes this checks, and the only one OpenIddict reads.</summary>
    public static bool IsUrlEncodedForm(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && IsUrlEncoded(type);

    private static bool IsUrlEncoded(MediaTypeHeaderValue type) =>
        type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    /// <summary>The other kind of form the framework reads (what <see cref="HttpRequest.HasFormContentType"/> also counts).</summary>
    private static bool IsMultipartForm(MediaTypeHeaderValue type) =>
        type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>The bodies read here: the two kinds of form the framework parses, and JSON.</summary>
    private enum BodyKind
    {
        None,
        UrlEncodedForm,
        MultipartForm,
        Json,
    }

    private static BodyKind KindOf(MediaTypeHeaderValue? type) =>
        type is null ? BodyKind.None
        : IsUrlEncoded(type) ? BodyKind.UrlEncodedForm
        : IsMultipartForm(type) ? BodyKind.MultipartForm
        : IsJson(type) ? BodyKind.Json
        : BodyKind.None;

    /// <summary>A JSON body (RFC 8259 §1: application/json, or a media type with the +json suffix, RFC 6839 §3.1).</summary>
    private static bool IsJson(MediaTypeHeaderValue type) =>
        type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);

    private delegate string? BodyCheck(ReadOnlySpan<byte> body);

    /// <summary>Reads the body once into memory, checks it, and rewinds it for the endpoint.</summary>
    private static async Task<(string? Problem, bool TooLarge)> CheckBodyAsync(HttpRequest request, BodyCheck check)
    {
        request.EnableBuffering(bufferThreshold: MaxBodyBytes, bufferLimit: MaxBodyBytes + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= MaxBodyBytes
                   && (read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBodyBytes + 1 - length), request.HttpContext.RequestAborted)) > 0)
            {
                length += read;
            }
            if (length > MaxBodyBytes)
            {
                return (null, true);
            }
            request.Body.Position = 0;
            return (check(buffer.AsSpan(0, length)), false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// RFC 8259 §7: a JSON string may carry any character escaped, a NUL (<c>\u0000</c>) or an escape character
    /// included; raw, the JSON reader refuses them. The same rule as for queries and forms (<see cref="UrlEncoding"/>)
    /// holds for the strings and property names of a JSON body: no NUL or other control character but tab, line feed
    /// and carriage return. PostgreSQL cannot even take a NUL as a query parameter (it failed the query as a 500). A body
    /// that is not JSON at all is left to the endpoint, whose own reader answers it.
    /// </summary>
    private static string? JsonStringsProblem(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
                // Only an escaped string can hold a control character; an unescaped one is checked by the reader itself.
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped
                    && UrlEncoding.CheckText(reader.GetString()) is { } problem)
                {
                    return problem;
                }
            }
        }
        // Not JSON, or an escaped lone surrogate (InvalidOperationException): the endpoint's reader refuses it.
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
        }
        return null;
    }

    /// <summary>The rule of <see cref="UrlEncoding"/> for a multipart form's field names and values, as they were decoded.</summary>
    private static string? FieldsProblem(IFormCollection form)
    {
        foreach (var (name, values) in form)
        {
            if (UrlEncoding.CheckText(name) is { } problem)
            {
                return problem;
            }
            foreach (var value in values)
            {
                if (UrlEncoding.CheckText(value) is { } valueProblem)
                {
                    return valueProblem;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Parses the form within the framework's form limits (at most 1,024 fields, names of at most 2,048 characters, a
    /// multipart body with its boundary and well-formed sections), so that a form no endpoint could read is refused
    /// here instead of throwing from the endpoint, OpenIddict or the anti-forgery check as a 500. The parsed form stays
    /// on the request, so the endpoint's own read costs nothing more.
    /// </summary>
    private static async Task<string?> ParseFormAsync(HttpRequest request)
    {
        try
        {
            await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return null;
        }
        // NotSupportedException: a section in a charset .NET will not decode (UTF-7).
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            return "The form cannot be read: " + e.Message;
        }
        catch (IOException) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // A multipart body that ends inside a section: the client sent all it meant to, and it is not a form.
            return "The form cannot be read: the body ends before the form does.";
        }
    }

    private static async Task RefuseAsync(HttpContext http, int status, string description)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        var path = http.Request.Path;
        if (path.StartsWithSegments("/connect"))
        {
            // RFC 6749 §5.2 / OpenID Connect Core §3.1.2.6: the protocol's own error, as JSON.
            response.ContentType = "application/json;charset=UTF-8";
            await JsonSerializer.SerializeAsync(response.Body,
                new Dictionary<string, string> { ["error"] = "invalid_request", ["error_description"] = description },
                cancellationToken: http.RequestAborted);
        }
        else if (path.StartsWithSegments("/api"))
        {
            var problems = http.RequestServices.GetService(typeof(IProblemDetailsService)) as IProblemDetailsService;
            if (problems is null || !await problems.TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = status, Title = "The request is malformed.", Detail = description },
                }))
            {
                await response.WriteAsync(description, http.RequestAborted);
            }
        }
        else
        {
            // Pages: an empty answer, which the status-code pages turn into the error page ("Bad request").
            // That page runs on this same request, so it gets none of the refused input: a GET, no body.
            http.Request.Method = HttpMethods.Get;
            http.Request.Body = Stream.Null;
            http.Request.ContentType = null;
            http.Request.ContentLength = 0;
            http.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
        }
    }
}
