using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// Serves the discovery document and the JWKS from memory. Both depend only on the issuer (fixed, or taken
/// from the request's scheme, host and path base) and on keys loaded once at start, yet OpenIddict builds them
/// anew on every request, exporting the RSA and EC public keys each time. The first answer per issuer is kept
/// byte for byte and replayed; every later request skips OpenIddict's pipeline. The number of issuers kept is
/// bounded, so requests with made-up Host headers cannot grow the cache; and the Host header is part of the key only
/// where the answer depends on it (discovery without a configured <c>Oidc:Issuer</c>), so that such requests cannot
/// fill the cache either and leave the real issuer's documents to be built anew on every request. The kept copy is the same JSON
/// without OpenIddict's indentation: a quarter fewer bytes on every answer. It runs first in the pipeline (after the
/// Host check), so a hit carries the security headers itself; a miss goes through the whole pipeline like any request.
/// </summary>
public sealed class MetadataCache(RequestDelegate next, IOptions<OidcOptions> oidc)
{
    private const int MaxIssuers = 16;
    private readonly ConcurrentDictionary<string, Cached> cache = new(StringComparer.Ordinal);

    private sealed record Cached(byte[] Body, string ContentType);

    private static byte[] Compact(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        using var output = new MemoryStream(json.Length);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }
        return output.ToArray();
    }

    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        if (!HttpMethods.IsGet(http.Request.Method)
            || !(path.Equals("/.well-known/openid-configuration", StringComparison.OrdinalIgnoreCase)
                 || path.Equals(OidcEndpoints.JwksPath, StringComparison.OrdinalIgnoreCase)))
        {
            await next(http);
            return;
        }

        // The key is what the answer depends on. The JWKS holds keys only. Discovery names the issuer: the configured
        // Oidc:Issuer whatever Host arrives, else the request's scheme, host and path base. Keyed on the Host header
        // where it changes nothing, 16 requests with made-up hosts would take every place the real issuer's copies need.
        var isJwks = path.Equals(OidcEndpoints.JwksPath, StringComparison.OrdinalIgnoreCase);
        var key = isJwks ? OidcEndpoints.JwksPath : oidc.Value.IssuerFor(http.Request);
        if (cache.TryGetValue(key, out var hit))
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            ServiceDefaults.AddSecurityHeaders(http.Response.Headers);
            http.Response.ContentType = hit.ContentType;
            http.Response.ContentLength = hit.Body.Length;
            await http.Response.Body.WriteAsync(hit.Body, http.RequestAborted);
            return;
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        var body = buffer.ToArray();
        if (http.Response.StatusCode == StatusCodes.Status200OK
            && http.Response.ContentType is { } contentType && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            // The first answer is already the compact copy, so that every answer is the same bytes.
            body = Compact(body);
            http.Response.ContentLength = body.Length;
            if (cache.Count < MaxIssuers)
            {
                cache.TryAdd(key, new Cached(body, contentType));
            }
        }
        await original.WriteAsync(body, http.RequestAborted);
    }
}
