namespace SsoSuite.Shared.Hosting;

/// <summary>
/// Where a page may send the browser next (a returnUrl, a launch target): a path on this site, never
/// another host. The test is ASP.NET Core's <c>Url.IsLocalUrl</c>, made stricter: that is what
/// <c>LocalRedirect</c> enforces by throwing, and a throw is a 500, so every redirect target passes here first.
/// </summary>
public static class LocalUrl
{
    public const string Home = "/";

    /// <summary>Longer targets are refused rather than carried through every sign-in step.</summary>
    public const int MaxLength = 4096;

    /// <summary>
    /// True for a path on this site. Refused: anything not starting with one <c>/</c>; <c>//host</c> and
    /// <c>/\host</c> (browsers read both as another host, WHATWG URL §4.4 treats <c>\</c> as <c>/</c>);
    /// control characters anywhere (browsers strip tab and newline, so <c>/\t/host</c> becomes
    /// <c>//host</c>); spaces and non-ASCII characters (a Location header carries printable ASCII only,
    /// and Kestrel refuses to send anything else, which would be a 500).
    /// </summary>
    public static bool IsLocal(string? url)
    {
        if (url is not { Length: > 0 and <= MaxLength } || url[0] != '/')
        {
            return false;
        }
        if (url.Length > 1 && url[1] is '/' or '\\')
        {
            return false;
        }
        foreach (var c in url)
        {
            if (c is <= ' ' or > '~')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The target when it is local, else the home page: a doubtful target never leaves the site.</summary>
    public static string OrHome(string? url) => IsLocal(url) ? url! : Home;
}
