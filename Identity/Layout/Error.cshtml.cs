using Microsoft.AspNetCore;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Layout;

public sealed class ErrorModel() : ErrorPageModel("Your KaseyaOne account does not have access to this page.")
{
    /// <summary>The OpenID Connect error behind the page (error and error_description), when there is one.</summary>
    public string? ProtocolError { get; private set; }

    // OpenIddict answers requests it cannot send back to a client (unknown client, unregistered redirect_uri)
    // with a status code; say which protocol error it was.
    protected override void ExplainFurther()
    {
        if (HttpContext.GetOpenIddictServerResponse() is { Error: { } error } response)
        {
            Explain("Sign-in request refused", "The application that sent you here made a request KaseyaOne cannot accept.");
            ProtocolError = $"{error}: {response.ErrorDescription}";
        }
    }
}
