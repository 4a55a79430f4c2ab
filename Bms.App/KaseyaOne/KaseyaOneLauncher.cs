using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;
using SsoSuite.Shared.Caching;
using SsoSuite.Shared.Launcher;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// BMS's app launcher after a KaseyaOne sign-in (SPEC rule 10, seed 001: "go to other KaseyaOne apps") lists what
/// KaseyaOne's own launcher lists for the user, read from KaseyaOne's launcher API with that user's access token
/// (scope <c>k1_launcher</c>, kept in the session from the sign-in). Each answer is kept briefly per BMS session, so a
/// page view rarely waits on KaseyaOne; when KaseyaOne is slow, unreachable or refuses (an expired token), the result
/// is null and the launcher falls back to KaseyaOne's home page.
/// </summary>
public sealed class KaseyaOneLauncher(
    IOptionsMonitor<OpenIdConnectOptions> oidc, IOptions<KaseyaOneOptions> options, KaseyaOneLauncherCache cache,
    ILogger<KaseyaOneLauncher> logger)
{
    /// <summary>The claim of a KaseyaOne-signed-in session that holds its access token for this API.</summary>
    public const string AccessTokenClaim = "k1_access_token";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    public async Task<IReadOnlyList<LauncherEntry>?> EntriesAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var session = user.FindFirst(BmsClaims.SessionId)?.Value;
        var token = user.FindFirst(AccessTokenClaim)?.Value;
        if (session is null || string.IsNullOrEmpty(token))
        {
            return null;
        }
        if (cache.TryFind(session, out var known))
        {
            return known;
        }
        var entries = await ReadAsync(token, ct);
        // A failure is remembered too, briefly: a KaseyaOne that is down is not asked again on every page view.
        cache.Remember(session, entries);
        return entries;
    }

    private async Task<IReadOnlyList<LauncherEntry>?> ReadAsync(string token, CancellationToken ct)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(Patience);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(options.Value.Issuer), "api/v1/launcher"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await oidc.Get(KaseyaOneSetup.Scheme).Backchannel.SendAsync(request, patience.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogInformation("KaseyaOne's launcher API answered {Status}", (int)response.StatusCode);
                return null;
            }
            var body = await response.Content.ReadFromJsonAsync<LauncherEntries>(patience.Token);
            // Only http(s) links reach the page: the answer comes from KaseyaOne, but a page never renders a javascript: URL.
            return body?.Entries
                .Where(e => e.Url is null || Uri.TryCreate(e.Url, UriKind.Absolute, out var url) && url.Scheme is "https" or "http")
                .ToList();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or NotSupportedException
                                   && !ct.IsCancellationRequested)
        {
            logger.LogWarning("KaseyaOne's launcher API could not be read: {Reason}", e.Message);
            return null;
        }
    }
}

/// <summary>Launcher entries per BMS session for <see cref="Lifetime"/>; bounded, so many sessions cannot grow it.</summary>
public sealed class KaseyaOneLauncherCache(TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    private const int Capacity = 20_000;
    private readonly MemoryCache entries = BoundedMemoryCache.Create(clock, Capacity);

    public bool TryFind(string session, out IReadOnlyList<LauncherEntry>? value) => entries.TryGetValue(session, out value);

    public void Remember(string session, IReadOnlyList<LauncherEntry>? value) => entries.Set(session, value, BoundedMemoryCache.Entry(Lifetime));

    public void Dispose() => entries.Dispose();
}
