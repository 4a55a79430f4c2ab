using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SsoSuite.Identity.Layout;

/// <summary>The page for status codes and unhandled errors: a plain explanation, never a stack trace.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public string Explanation { get; private set; } = "The request could not be completed. Please try again.";
    /// <summary>The OpenID Connect error behind the page (error and error_description), when there is one.</summary>
    public string? ProtocolError { get; private set; }

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        (Title, Explanation) = status switch
        {
            403 => ("Access denied", "Your KaseyaOne account does not have access to this page."),
            404 => ("Page not found", "This page does not exist."),
            400 => ("Bad request", "The request was not valid."),
            429 => ("Too many requests", "Too many requests from this address. Wait a moment and try again."),
            _ => (Title, Explanation),
        };
        // OpenIddict answers requests it cannot send back to a client (unknown client, unregistered
        // redirect_uri) with a status code; say which protocol error it was.
        if (HttpContext.GetOpenIddictServerResponse() is { Error: { } error } response)
        {
            Title = "Sign-in request refused";
            Explanation = "The application that sent you here made a request KaseyaOne cannot accept.";
            ProtocolError = $"{error}: {response.ErrorDescription}";
        }
        if (status is >= 400 and < 600)
        {
            Response.StatusCode = status.Value;
        }
    }
}
