using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// The page for status codes and unhandled errors (<see cref="ServiceDefaults.UseServiceDefaults"/> sends both to
/// <c>/Error</c>): a plain explanation, never a stack trace. Each app's page names itself in the 403 explanation.
/// </summary>
[AllowAnonymous]
// The error page is re-executed for refused posts too: it must answer them, not ask for their token again.
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public abstract class ErrorPageModel(string accessDenied) : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public string Explanation { get; private set; } = "The request could not be completed. Please try again.";

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    /// <summary>What the app knows beyond the status code (the protocol error behind it, say).</summary>
    protected virtual void ExplainFurther()
    {
    }

    protected void Explain(string title, string explanation) => (Title, Explanation) = (title, explanation);

    private void Describe()
    {
        // The status is the one the request really got, as the status-code pages or the exception handler pass it on.
        // /Error asked for itself, whatever status its query names, is a page that does not exist: otherwise anyone
        // could make either app answer a 5xx at will (and count as a failure in its monitoring).
        var status = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode
                     ?? (HttpContext.Features.Get<IExceptionHandlerFeature>() is null ? StatusCodes.Status404NotFound : StatusCodes.Status500InternalServerError);
        (Title, Explanation) = status switch
        {
            403 => ("Access denied", accessDenied),
            404 => ("Page not found", "This page does not exist."),
            400 => ("Bad request", "The request was not valid."),
            429 => ("Too many requests", "Too many requests from this address. Wait a moment and try again."),
            _ => (Title, Explanation),
        };
        ExplainFurther();
        Response.StatusCode = status;
    }
}
