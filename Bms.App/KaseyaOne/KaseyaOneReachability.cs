using System.Net.Sockets;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// KaseyaOne down, or not answering: every journey that needs it (log in, enable, disable, link) tells the user so on
/// its own page and changes nothing, instead of answering 500.
/// </summary>
public static class KaseyaOneReachability
{
    /// <summary>
    /// True when <paramref name="failure"/> (or what caused it) is the network failing on the way to KaseyaOne: a refused
    /// or dropped connection, a timeout, or the discovery document it could not fetch (IdentityModel wraps that one
    /// twice, IDX20803 around IDX20804 around the HTTP error).
    /// </summary>
    public static bool Explains(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or TimeoutException)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether KaseyaOne's discovery document can be had, checked before a round trip starts: the handler reads it to
    /// build the redirect, and would otherwise fail the request. Once read it is cached, so this costs nothing then.
    /// </summary>
    public static async Task<bool> AnswersAsync(HttpContext http)
    {
        var handler = http.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(KaseyaOneSetup.Scheme);
        try
        {
            await handler.ConfigurationManager!.GetConfigurationAsync(http.RequestAborted);
            return true;
        }
        catch (Exception e) when (Explains(e))
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KaseyaOneReachability))
                .LogWarning(e, "KaseyaOne could not be reached at {Authority}: a round trip was not started", handler.Authority);
            return false;
        }
    }
}
