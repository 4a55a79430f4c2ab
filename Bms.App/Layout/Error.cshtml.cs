using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SsoSuite.Bms.Layout;

/// <summary>The page for status codes and unhandled errors: a plain explanation, never a stack trace.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public string Explanation { get; private set; } = "The request could not be completed. Please try again.";

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        (Title, Explanation) = status switch
        {
            403 => ("Access denied", "Your BMS user does not have access to this page."),
            404 => ("Page not found", "This page does not exist."),
            400 => ("Bad request", "The request was not valid."),
            429 => ("Too many requests", "Too many requests from this address. Wait a moment and try again."),
            _ => (Title, Explanation),
        };
        if (status is >= 400 and < 600)
        {
            Response.StatusCode = status.Value;
        }
    }
}
