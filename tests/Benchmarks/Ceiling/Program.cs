using System.Text;

// The ceiling of the benchmark: bare Kestrel answering one small JSON document from memory, with no
// middleware at all. What KaseyaOne's discovery and JWKS endpoints can at best approach on this machine.
// The slim builder: Kestrel and configuration (Urls); no logging, not even per-request diagnostics.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

var document = Encoding.UTF8.GetBytes(
    """{"issuer":"http://127.0.0.1","jwks_uri":"http://127.0.0.1/.well-known/jwks","response_types_supported":["code"],"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["ES256","RS256"]}""");
app.Run(http =>
{
    http.Response.StatusCode = StatusCodes.Status200OK;
    http.Response.ContentType = "application/json;charset=UTF-8";
    http.Response.ContentLength = document.Length;
    return http.Response.Body.WriteAsync(document).AsTask();
});
app.Run();
