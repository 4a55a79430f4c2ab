using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using SsoSuite.Shared.TenantLinks;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>What KaseyaOne answered to a link request.</summary>
public sealed record LinkResult(bool Succeeded, HttpStatusCode Status, string? Message, bool KaseyaOneUnreachable = false)
{
    /// <summary>No answer at all: KaseyaOne could not be reached.</summary>
    public static readonly LinkResult Unreachable =
        new(false, HttpStatusCode.ServiceUnavailable, KaseyaOneMessages.Text(KaseyaOneRefusal.Unreachable), KaseyaOneUnreachable: true);
}

/// <summary>
/// KaseyaOne's client-authenticated link API, as BMS calls it: connecting a tenant or a user with the
/// access token of the round trip through KaseyaOne (which proves who signed in there), and removing
/// links with BMS's own client-credentials token. Calls go through the OpenID Connect handler's back
/// channel, so they reach the same KaseyaOne the sign-in did.
/// </summary>
public sealed class KaseyaOneDirectory(
    IOptionsMonitor<OpenIdConnectOptions> oidc, IOptions<KaseyaOneOptions> options, ILogger<KaseyaOneDirectory> logger)
{
    private OpenIdConnectOptions Handler => oidc.Get(KaseyaOneSetup.Scheme);

    public Task<LinkResult> LinkTenantAsync(string accessToken, Guid bmsTenantId, string name, string baseUrl, CancellationToken ct) =>
        ReachingAsync(() => SendAsync(HttpMethod.Put, TenantLinkContract.TenantLinkPath(bmsTenantId.ToString()), accessToken,
            new TenantLinkRequest(name, baseUrl), ct));

    public Task<LinkResult> LinkUserAsync(string accessToken, Guid bmsTenantId, string name, string baseUrl, CancellationToken ct) =>
        ReachingAsync(() => SendAsync(HttpMethod.Put, TenantLinkContract.UserLinksPath(bmsTenantId.ToString()), accessToken,
            new TenantLinkRequest(name, baseUrl), ct));

    public Task<LinkResult> UnlinkTenantAsync(Guid bmsTenantId, CancellationToken ct) =>
        ReachingAsync(async () => await SendAsync(HttpMethod.Delete, TenantLinkContract.TenantLinkPath(bmsTenantId.ToString()),
            await ClientTokenAsync(ct), null, ct));

    public Task<LinkResult> UnlinkUserAsync(Guid bmsTenantId, string k1Subject, CancellationToken ct) =>
        ReachingAsync(async () => await SendAsync(HttpMethod.Delete, TenantLinkContract.UserLinkPath(bmsTenantId.ToString(), k1Subject),
            await ClientTokenAsync(ct), null, ct));

    /// <summary>A call that cannot reach KaseyaOne is an answer like any other for the journey, not an exception.</summary>
    private async Task<LinkResult> ReachingAsync(Func<Task<LinkResult>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (KaseyaOneReachability.Explains(e))
        {
            logger.LogWarning(e, "KaseyaOne could not be reached at {Issuer}", options.Value.Issuer);
            return LinkResult.Unreachable;
        }
    }

    /// <summary>BMS's own token (client credentials, scope k1_tenant_links).</summary>
    private async Task<string> ClientTokenAsync(CancellationToken ct)
    {
        var configuration = await Handler.ConfigurationManager!.GetConfigurationAsync(ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = "k1_tenant_links",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(options.Value.ClientId) + ":" + Uri.EscapeDataString(options.Value.ClientSecret))));
        using var response = await Handler.Backchannel.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    private async Task<LinkResult> SendAsync(HttpMethod method, string path, string token, TenantLinkRequest? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(new Uri(options.Value.Issuer), path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await Handler.Backchannel.SendAsync(request, ct);
        if (response.IsSuccessStatusCode)
        {
            return new LinkResult(true, response.StatusCode, null);
        }
        string? message = null;
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            message = problem.RootElement.TryGetProperty("title", out var title) ? title.GetString() : null;
        }
        catch (JsonException)
        {
            // Not a problem document: the status says enough.
        }
        // 409 is KaseyaOne applying rule 2 (a tenant or account linked elsewhere), which the admin is told; anything else
        // is a setting or an outage for the operator.
        logger.Log(response.StatusCode == HttpStatusCode.Conflict ? LogLevel.Information : LogLevel.Warning,
            "KaseyaOne answered {Status} to {Method} {Path}: {Message}", (int)response.StatusCode, method, path, message);
        return new LinkResult(false, response.StatusCode, message);
    }
}
