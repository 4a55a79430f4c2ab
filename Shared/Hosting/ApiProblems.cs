using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// Under /api a bare error status (400 from a body that cannot be bound, 401 from a missing token, 405, 415 from
/// content-type matching, an unknown route) gets an RFC 9457 problem body, which an API client can read, instead of
/// the HTML status page the rest of the app shows. Both apps' APIs (BMS's integration API, KaseyaOne's tenant-link
/// and launcher APIs) sit under /api.
/// </summary>
public static class ApiProblems
{
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            await next(http);
            return;
        }
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        await next(http);
        if (http.Response is { HasStarted: false, StatusCode: >= 400, ContentLength: null or 0 } response
            && string.IsNullOrEmpty(response.ContentType))
        {
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = response.StatusCode },
            });
        }
    }
}
