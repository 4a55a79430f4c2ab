using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SsoSuite.Shared.Sessions;

/// <summary>An app's two sign-in cookies: their authentication schemes and their cookie names (each app's own prefix).</summary>
public sealed record SessionCookieNames(string SessionScheme, string SessionCookie, string PendingScheme, string PendingCookie);

public static class SessionCookies
{
    /// <summary>The pending sign-in lasts this long between the password and the code.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The session cookie, which only names a server-side session (<see cref="ServerSideSession"/>), and the pending
    /// sign-in's cookie (password accepted, code not yet: SPEC rule 1, no session before the code). The session cookie
    /// slides over <see cref="SessionLifetimeOptions.IdleTimeout"/>; its absolute end is the server-side session's.
    /// </summary>
    /// <param name="rebuild">The principal of a session id that is still live (and whose account is active), else null.</param>
    public static AuthenticationBuilder AddSessionCookies(this AuthenticationBuilder authentication, SessionCookieNames names,
        string sessionIdClaim, Func<CookieValidatePrincipalContext, string, Task<ClaimsPrincipal?>> rebuild, string? logoutPath = null) =>
        authentication
            .AddCookie(names.SessionScheme, o =>
            {
                o.Cookie.Name = names.SessionCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/Accounts/Login";
                if (logoutPath is not null)
                {
                    o.LogoutPath = logoutPath;
                }
                o.AccessDeniedPath = "/Error";
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = context =>
                        ServerSideSession.ValidateCookieAsync(context, sessionIdClaim, sid => rebuild(context, sid)),
                    // A signed-in user without the right gets a plain 403, not a redirect loop.
                    OnRedirectToAccessDenied = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return Task.CompletedTask;
                    },
                };
            })
            .AddCookie(names.PendingScheme, o =>
            {
                o.Cookie.Name = names.PendingCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/Accounts/Login";
                o.ExpireTimeSpan = PendingLifetime;
                o.SlidingExpiration = false;
            });
}
