using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace SsoSuite.Identity.Oidc;

/// <summary>The provider's settings (section <c>Oidc</c>): issuer, token lifetimes and the client applications.</summary>
public sealed class OidcOptions
{
    public const string Section = "Oidc";

    /// <summary>Fixed issuer (recommended behind a proxy or with several instances); else taken from the request.</summary>
    public Uri? Issuer { get; set; }
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(8);
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(2);
    public List<ClientOptions> Clients { get; set; } = [];

    /// <summary>
    /// The algorithm of the ID tokens (and logout tokens) made for <paramref name="clientId"/>: the one it registered
    /// (<see cref="ClientOptions.IdTokenSignedResponseAlg"/>), else ES256.
    /// </summary>
    public string IdTokenAlgorithmFor(string? clientId) =>
        Clients.Find(client => string.Equals(client.ClientId, clientId, StringComparison.Ordinal))?.IdTokenSignedResponseAlg
        ?? ClientOptions.DefaultIdTokenAlgorithm;

    /// <summary>
    /// The issuer as OpenIddict states it to this request's clients: the configured one, else the request's origin read as
    /// a URI, as OpenIddict reads it (a host in capitals in lower case, the scheme's default port left out), so that the
    /// iss of logout tokens and front-channel logout is the very issuer of discovery and the ID token, however the Host
    /// header of the sign-in was spelt.
    /// </summary>
    public string IssuerFor(HttpRequest request)
    {
        if (Issuer is { } configured)
        {
            return configured.AbsoluteUri;
        }
        var origin = $"{request.Scheme}://{request.Host}{request.PathBase}/";
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) ? uri.AbsoluteUri : origin;
    }
}

/// <summary>
/// A relying party, declared in appsettings and synchronised into the store at start. The logout and
/// initiate-login URIs are the OpenID Connect registration metadata of the same names.
/// </summary>
public sealed class ClientOptions : IValidatableObject
{
    [Required(ErrorMessage = "ClientId is missing."),
     RegularExpression("^[A-Za-z0-9._-]{1,100}$", ErrorMessage = "ClientId takes 1 to 100 letters, digits, '.', '_' and '-'.")]
    public string ClientId { get; set; } = "";
    [Required(ErrorMessage = "DisplayName is missing.")] public string DisplayName { get; set; } = "";
    /// <summary>At least 32 characters: secrets are machine-generated, never chosen by people (see ClientSecretHasher).</summary>
    [Required(ErrorMessage = "ClientSecret is missing."), MinLength(32, ErrorMessage = "ClientSecret must have at least 32 characters.")]
    public string ClientSecret { get; set; } = "";
    public List<Uri> RedirectUris { get; set; } = [];
    public List<Uri> PostLogoutRedirectUris { get; set; } = [];
    public Uri? FrontChannelLogoutUri { get; set; }
    public Uri? BackChannelLogoutUri { get; set; }
    public Uri? InitiateLoginUri { get; set; }
    /// <summary>Scopes beyond openid/offline_access the client may ask for.</summary>
    public List<string> Scopes { get; set; } = ["profile", "email", "roles", "k1_tenant"];
    public bool AllowClientCredentials { get; set; }

    public const string DefaultIdTokenAlgorithm = "ES256";

    /// <summary>
    /// The registration metadata of the same name (OpenID Connect Dynamic Client Registration 1.0 §2): the algorithm of the
    /// client's ID tokens, one of discovery's id_token_signing_alg_values_supported. ES256 unless the client needs RS256,
    /// which OpenID Connect Discovery 1.0 §3 and Core §15.1 require every provider to offer. The client's logout tokens
    /// follow it (Back-Channel Logout 1.0 §2.4: signed as its ID tokens are).
    /// </summary>
    [AllowedValues("ES256", "RS256", ErrorMessage = "IdTokenSignedResponseAlg is ES256 or RS256.")]
    public string IdTokenSignedResponseAlg { get; set; } = DefaultIdTokenAlgorithm;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var uris = RedirectUris.Concat(PostLogoutRedirectUris)
            .Concat(new[] { FrontChannelLogoutUri, BackChannelLogoutUri, InitiateLoginUri }.OfType<Uri>());
        foreach (var uri in uris)
        {
            if (!uri.IsAbsoluteUri || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Fragment))
            {
                yield return new ValidationResult($"{uri} must be an absolute http(s) URI without a fragment.");
            }
        }
        if (RedirectUris.Count == 0 && !AllowClientCredentials)
        {
            yield return new ValidationResult("RedirectUris is empty and AllowClientCredentials is false: the client could do nothing.");
        }
    }
}

/// <summary>
/// Every problem of every declared client, each named by the setting it comes from (<c>Oidc:Clients:0 (bms):
/// ClientSecret must have at least 32 characters.</c>), so that a bad client stops the app with a message the operator
/// can act on.
/// </summary>
public sealed class ClientsValidation : IValidateOptions<OidcOptions>
{
    public ValidateOptionsResult Validate(string? name, OidcOptions options)
    {
        var problems = options.Clients.SelectMany((client, index) =>
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(client, new ValidationContext(client), results, validateAllProperties: true);
            return results.Select(result => $"{OidcOptions.Section}:Clients:{index} ({client.ClientId}): {result.ErrorMessage}");
        }).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
