using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Sessions;

/// <summary>
/// The signed-out page: one hidden iframe per client the session signed into (front-channel logout), which apps
/// acknowledged the back-channel logout and which are still being retried,
/// then back to the client that asked, once the frames loaded or after a bounded wait.
/// </summary>
[AllowAnonymous]
public sealed class LoggedOutModel(SessionLogout logout) : PageModel
{
    public IReadOnlyList<string> Frames { get; private set; } = [];
    public string? ReturnTo { get; private set; }
    public IReadOnlyList<string> AppsTold { get; private set; } = [];
    public IReadOnlyList<string> AppsPending { get; private set; } = [];

    public IActionResult OnGet(string? ticket)
    {
        if (logout.Read(ticket) is not { } read)
        {
            return RedirectToPage("/Sessions/SignOut", new { done = true });
        }
        Frames = read.FrontChannelUris;
        ReturnTo = read.ReturnTo;
        AppsTold = read.AppsTold ?? [];
        AppsPending = read.AppsPending ?? [];
        // The frames go to the clients' registered front-channel URIs only; nothing else may be framed.
        var frameSources = string.Join(' ', Frames.Select(f => new Uri(f).GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.Ordinal));
        Response.Headers.ContentSecurityPolicy =
            $"{ServiceDefaults.ContentSecurityPolicy}; frame-src {(frameSources.Length > 0 ? frameSources : "'none'")}";
        return Page();
    }
}
