using System.Net.Http.Json;
using System.Text.Json;

namespace SsoSuite.Bms.Tests.Api;

/// <summary>What an integrator's client does: asks BMS's API for a token with its credentials and a TOTP code.</summary>
public static class TokenRequests
{
    public static Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, string tenant, string username, string password, string code) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { tenant, username, password, code });

    /// <summary>A token for the integrator (or another MFA employee), asserting success.</summary>
    public static async Task<string> TokenAsync(this BmsFactory factory, HttpClient client, string tenant = BmsFactory.Acme,
        string username = "integrator", string? secret = null)
    {
        var response = await RequestTokenAsync(client, tenant, username, AccountBuilder.Password, factory.NextCode(secret ?? factory.IntegratorSecret));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }
}
