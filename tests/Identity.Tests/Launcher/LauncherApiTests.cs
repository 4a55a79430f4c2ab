using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Launcher;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Identity.TenantLinks;

namespace SsoSuite.Identity.Tests.Launcher;

/// <summary>SPEC rule 10: the launcher API lists for a relying party what KaseyaOne's own launcher lists for the user.</summary>
public sealed class LauncherApiTests(ModuleFactory factory) : IClassFixture<ModuleFactory>
{
    private async Task<(string Token, FormBrowser Browser)> UserTokenAsync(string userName, string scope)
    {
        var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, userName, returnUrl: rp.AuthorizeUrl(scope));
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));
        return (tokens.GetProperty("access_token").GetString()!, browser);
    }

    private async Task<HttpResponseMessage> GetAsync(string? token)
    {
        using var client = factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await client.GetAsync(LauncherApi.Path);
    }

    /// <summary>RFC 6750 §5.3 and RFC 9700 §4.3.2: a token in the URL is not taken (it would be logged); the header is.</summary>
    [Fact]
    public async Task Rfc6750_TheApiIgnoresAnAccessTokenInTheQueryString()
    {
        var (token, browser) = await UserTokenAsync(await factory.CreateAsync(), "openid profile k1_launcher");
        using var _ = browser;
        using var client = factory.CreateClient();

        using var inQuery = await client.GetAsync(LauncherApi.Path + "?access_token=" + token);

        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal("Bearer", inQuery.Headers.WwwAuthenticate.Single().ToString());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(token)).StatusCode);
    }

    [Fact]
    public async Task Rule10_TheApiListsTheSameEntriesAsKaseyaOnesOwnLauncher_WithAbsoluteLinks()
    {
        var user = await factory.CreateAsync();
        var accountId = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == user).Select(a => a.Id).SingleAsync());
        await factory.WithDbAsync(async db =>
        {
            db.UserLinks.Add(new UserLink
            {
                ClientId = IdentityFactory.ClientId, AccountId = accountId, BmsTenantId = "api-" + user, BmsTenantName = "Api IT",
                BaseUrl = ModuleFactory.ModuleUrl,
            });
            return await db.SaveChangesAsync();
        });
        var (token, browser) = await UserTokenAsync(user, "openid profile k1_launcher");
        using var _ = browser;

        using var response = await GetAsync(token);
        var home = await browser.OpenAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => (Id: e.GetProperty("id").GetString()!, Name: e.GetProperty("name").GetString()!,
                Url: e.GetProperty("url").ValueKind == JsonValueKind.Null ? null : e.GetProperty("url").GetString()))
            .ToList();
        Assert.Contains(("launch-api-" + user, "BMS – Api IT", $"http://localhost/Launcher/Launch?module=bms&tenant=api-{user}"), entries);
        Assert.Contains(("module-rmm", "Datto RMM", (string?)null), entries);
        // KaseyaOne's own launcher shows exactly these entries, in this order.
        foreach (var (id, name, _) in entries)
        {
            Assert.Equal(name, home.TestId(id));
        }
    }

    [Fact]
    public async Task Rule10_TheApiNeedsAUsersTokenWithTheLauncherScope()
    {
        var (withoutScope, browser) = await UserTokenAsync(await factory.CreateAsync(), "openid profile");
        using var _ = browser;
        var (_, clientBody) = await new RelyingParty(factory.CreateClient()).TokenRequestAsync(
            new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "k1_launcher" });

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(withoutScope)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(clientBody.GetProperty("access_token").GetString())).StatusCode);
    }
}
