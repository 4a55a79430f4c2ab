using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Identity.TenantLinks;

namespace SsoSuite.Identity.Tests.TenantLinks;

/// <summary>SPEC rule 2 on KaseyaOne's side: one BMS tenant per K1 tenant across every BMS deployment, decided by the database.</summary>
public sealed class TenantLinkApiTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private const string Scopes = "openid profile email roles k1_tenant k1_tenant_links";

    private async Task<string> UserTokenAsync(string userName)
    {
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, userName, returnUrl: rp.AuthorizeUrl(Scopes));
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));
        return tokens.GetProperty("access_token").GetString()!;
    }

    private async Task<string> ClientTokenAsync(string scope = "k1_tenant_links")
    {
        var (_, body) = await new RelyingParty(factory.CreateClient()).TokenRequestAsync(
            new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope });
        return body.GetProperty("access_token").GetString()!;
    }

    private HttpClient Api(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static object Body(string name) => new { name, baseUrl = "https://bms.example/" };

    private async Task<string> FreshTenantAdminTokenAsync()
    {
        // Each test links a K1 tenant of its own, so tests do not see each other's links.
        var company = "MSP " + Guid.NewGuid().ToString("N")[..6];
        await factory.WithDbAsync(async db =>
        {
            db.Tenants.Add(new Identity.Accounts.K1Tenant { Name = company, NormalizedName = company.ToUpperInvariant() });
            return await db.SaveChangesAsync();
        });
        var admin = await factory.CreateAsync(admin: true);
        await factory.WithDbAsync(async db =>
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Name == company);
            (await db.Accounts.SingleAsync(a => a.UserName == admin)).TenantId = tenant.Id;
            return await db.SaveChangesAsync();
        });
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(company, admin, returnUrl: rp.AuthorizeUrl(Scopes));
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));
        return tokens.GetProperty("access_token").GetString()!;
    }

    [Fact]
    public async Task Rule9_AUsersAccessTokenDiesWithTheirSession_ItLinksNothingAfterSignOutEverywhere()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl(Scopes));
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));
        using var api = Api(tokens.GetProperty("access_token").GetString()!);
        var accountId = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == user).Select(a => a.Id).SingleAsync());
        await factory.WithDbAsync(async db =>
        {
            // The user's K1 tenant is connected to the BMS tenant their user link goes into (SPEC rule 6).
            var tenant = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.TenantId).SingleAsync();
            if (!await db.TenantLinks.AnyAsync(l => l.K1TenantId == tenant))
            {
                db.TenantLinks.Add(new TenantLink
                {
                    ClientId = IdentityFactory.ClientId, K1TenantId = tenant, BmsTenantId = "bms-before", BmsTenantName = "Before",
                    BaseUrl = "https://bms.example/",
                });
            }
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsJsonAsync("/api/v1/user-links/bms-before", Body("Before"))).StatusCode);
        using (var client = Api(await ClientTokenAsync()))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/user-links/bms-before/{accountId}")).StatusCode);
        }

        await browser.SubmitAsync(await browser.OpenAsync("/Sessions/Mine"), new Dictionary<string, string>(),
            action: "/Sessions/Mine?handler=SignOutEverywhere");
        var after = await api.PutAsJsonAsync("/api/v1/user-links/bms-after", Body("After"));

        // The session's tokens were revoked when it ended (SessionEnding): a token someone kept opens nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.UserLinks.AnyAsync(l => l.AccountId == accountId)));
    }

    [Fact]
    public async Task Rule2_SecondBmsTenantCannotLinkTheSameKaseyaOneTenant()
    {
        using var api = Api(await FreshTenantAdminTokenAsync());

        var first = await api.PutAsJsonAsync("/api/v1/tenant-links/bms-one", Body("BMS One"));
        var again = await api.PutAsJsonAsync("/api/v1/tenant-links/bms-one", Body("BMS One"));
        var second = await api.PutAsJsonAsync("/api/v1/tenant-links/bms-two", Body("BMS Two"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Shared.TenantLinks.TenantLinkContract.AlreadyLinkedElsewhere, problem.GetProperty("title").GetString());
        Assert.False(await factory.WithDbAsync(db => db.TenantLinks.AnyAsync(l => l.BmsTenantId == "bms-two")));
    }

    /// <summary>The K1 tenant of the caller's token, as another deployment (the Development "bms" client) links it.</summary>
    private async Task<Guid> TenantOfAdminAsync(string token) =>
        await factory.WithDbAsync(async db =>
        {
            var subject = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Subject;
            return (await db.Accounts.SingleAsync(a => a.Id == Guid.Parse(subject))).TenantId;
        });

    [Fact]
    public async Task Rule2_AKaseyaOneTenantLinkedByAnotherDeploymentCannotBeLinkedAgain_AcrossRegions()
    {
        var token = await FreshTenantAdminTokenAsync();
        var k1Tenant = await TenantOfAdminAsync(token);
        await factory.WithDbAsync(async db =>
        {
            db.TenantLinks.Add(new TenantLink
            {
                ClientId = "bms", K1TenantId = k1Tenant, BmsTenantId = "us-tenant", BmsTenantName = "US IT", BaseUrl = "https://us.bms.example/",
            });
            return await db.SaveChangesAsync();
        });
        using var api = Api(token);

        var refused = await api.PutAsJsonAsync("/api/v1/tenant-links/uk-tenant", Body("UK IT"));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(Shared.TenantLinks.TenantLinkContract.AlreadyLinkedElsewhere,
            JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        // The database itself refuses a second link of the K1 tenant, whichever client writes it.
        await Assert.ThrowsAsync<DbUpdateException>(() => factory.WithDbAsync(async db =>
        {
            db.TenantLinks.Add(new TenantLink
            {
                ClientId = IdentityFactory.ClientId, K1TenantId = k1Tenant, BmsTenantId = "uk-tenant", BmsTenantName = "UK IT", BaseUrl = "https://uk.bms.example/",
            });
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task Rule2_AKaseyaOneAccountLinkedToAUserOfAnotherDeploymentCannotBeLinkedAgain()
    {
        var token = await FreshTenantAdminTokenAsync();
        var account = Guid.Parse(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Subject);
        await factory.WithDbAsync(async db =>
        {
            db.UserLinks.Add(new UserLink
            {
                ClientId = "bms", AccountId = account, BmsTenantId = "us-tenant", BmsTenantName = "US IT", BaseUrl = "https://us.bms.example/",
            });
            return await db.SaveChangesAsync();
        });
        using var api = Api(token);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync("/api/v1/tenant-links/uk-tenant", Body("UK IT"))).StatusCode);

        var refused = await api.PutAsJsonAsync("/api/v1/user-links/uk-tenant", Body("UK IT"));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(Shared.TenantLinks.TenantLinkContract.AccountLinkedElsewhere,
            JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        Assert.Equal(1, await factory.WithDbAsync(db => db.UserLinks.CountAsync(l => l.AccountId == account)));
    }

    [Fact]
    public async Task Rule6_AUserLinksOnlyIntoTheBmsTenantConnectedToTheirOwnKaseyaOneTenant()
    {
        using var owner = Api(await FreshTenantAdminTokenAsync());
        var otherToken = await FreshTenantAdminTokenAsync();
        using var other = Api(otherToken);
        var bms = "theirs-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/tenant-links/{bms}", Body("Theirs"))).StatusCode);

        var intoAnotherTenantsBms = await other.PutAsJsonAsync($"/api/v1/user-links/{bms}", Body("Theirs"));
        var intoAnUnconnectedBms = await other.PutAsJsonAsync($"/api/v1/user-links/{bms}-nowhere", Body("Nowhere"));

        foreach (var refused in new[] { intoAnotherTenantsBms, intoAnUnconnectedBms })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(Shared.TenantLinks.TenantLinkContract.TenantNotConnected,
                JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        }
        var otherAccount = Guid.Parse(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(otherToken).Subject);
        Assert.False(await factory.WithDbAsync(db => db.UserLinks.AnyAsync(l => l.AccountId == otherAccount)));
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PutAsJsonAsync($"/api/v1/user-links/{bms}", Body("Theirs"))).StatusCode);
    }

    [Fact]
    public async Task Rule2_TwentyConcurrentLinksToOneKaseyaOneTenant_ExactlyOneWins()
    {
        using var api = Api(await FreshTenantAdminTokenAsync());
        var tag = Guid.NewGuid().ToString("N")[..6];

        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => api.PutAsJsonAsync($"/api/v1/tenant-links/race-{tag}-{i}", Body($"Race {i}"))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await factory.WithDbAsync(db => db.TenantLinks.CountAsync(l => l.BmsTenantId.StartsWith("race-" + tag))));
    }

    [Fact]
    public async Task Rule2_ABmsTenantCannotBeLinkedToASecondKaseyaOneTenant()
    {
        using var first = Api(await FreshTenantAdminTokenAsync());
        using var second = Api(await FreshTenantAdminTokenAsync());
        var bms = "shared-" + Guid.NewGuid().ToString("N")[..6];

        Assert.Equal(HttpStatusCode.OK, (await first.PutAsJsonAsync($"/api/v1/tenant-links/{bms}", Body("Shared"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await second.PutAsJsonAsync($"/api/v1/tenant-links/{bms}", Body("Shared"))).StatusCode);
    }

    [Fact]
    public async Task TenantLinks_OnlyAKaseyaOneAdminCanConnectATenant()
    {
        using var user = Api(await UserTokenAsync(await factory.CreateAsync()));
        using var client = Api(await ClientTokenAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await user.PutAsJsonAsync("/api/v1/tenant-links/x", Body("X"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync("/api/v1/tenant-links/x", Body("X"))).StatusCode);
    }

    [Fact]
    public async Task TenantLinks_TheClientRemovesItsLinkAndItsUserLinks_ThenTheTenantCanLinkAgain()
    {
        var adminToken = await FreshTenantAdminTokenAsync();
        using var admin = Api(adminToken);
        var bms = "gone-" + Guid.NewGuid().ToString("N")[..6];
        await admin.PutAsJsonAsync($"/api/v1/tenant-links/{bms}", Body("Gone"));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/v1/user-links/{bms}", Body("Gone"))).StatusCode);

        using var client = Api(await ClientTokenAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/tenant-links/{bms}")).StatusCode);

        Assert.False(await factory.WithDbAsync(db => db.UserLinks.AnyAsync(l => l.BmsTenantId == bms)));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/tenant-links/{bms}-new", Body("New"))).StatusCode);
    }

    /// <summary>
    /// Every user signing in to BMS carries the links scope: a user's token, wherever it leaked, removes no link, not even
    /// one of another KaseyaOne tenant (SPEC rules 2 and 6). Removal is the client's own (its Disable and Unlink).
    /// </summary>
    [Fact]
    public async Task Rule2_AUsersTokenRemovesNoLink_NotEvenAnotherTenants()
    {
        var adminToken = await FreshTenantAdminTokenAsync();
        using var admin = Api(adminToken);
        var bms = "kept-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/tenant-links/{bms}", Body("Kept"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/v1/user-links/{bms}", Body("Kept"))).StatusCode);
        var adminAccount = await factory.WithDbAsync(db => db.UserLinks.Where(l => l.BmsTenantId == bms).Select(l => l.AccountId).SingleAsync());
        using var otherTenantsUser = Api(await UserTokenAsync(await factory.CreateAsync()));

        foreach (var caller in new[] { otherTenantsUser, admin })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await caller.DeleteAsync($"/api/v1/tenant-links/{bms}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await caller.DeleteAsync($"/api/v1/user-links/{bms}/{adminAccount}")).StatusCode);
        }

        Assert.True(await factory.WithDbAsync(db => db.TenantLinks.AnyAsync(l => l.BmsTenantId == bms)));
        Assert.True(await factory.WithDbAsync(db => db.UserLinks.AnyAsync(l => l.BmsTenantId == bms)));
    }

    [Fact]
    public async Task TenantLinks_RefuseCallsWithoutATokenOrWithoutTheScope()
    {
        using var anonymous = factory.CreateClient();
        using var noScope = Api(await ClientTokenAsync(scope: "profile"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync("/api/v1/tenant-links/x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await noScope.DeleteAsync("/api/v1/tenant-links/x")).StatusCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\":\"\",\"baseUrl\":\"https://bms.example/\"}")]
    [InlineData("{\"name\":\"X\",\"baseUrl\":\"javascript:alert(1)\"}")]
    [InlineData("{\"name\":\"X\",\"baseUrl\":\"not a url\"}")]
    [InlineData("{\"name\":12,\"baseUrl\":true}")]
    [InlineData("not json")]
    public async Task Rule13_MalformedLinkRequestsGet400AndChangeNothing(string json)
    {
        using var api = Api(await FreshTenantAdminTokenAsync());
        var before = await factory.WithDbAsync(db => db.TenantLinks.CountAsync());

        var response = await api.PutAsync("/api/v1/tenant-links/bad", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await factory.WithDbAsync(db => db.TenantLinks.CountAsync()));
    }

    [Fact]
    public async Task Rule13_ATruncatedJsonBodyIsAPlainBadRequestWithoutTheExceptionText()
    {
        using var api = Api(await FreshTenantAdminTokenAsync());

        var response = await api.PutAsync("/api/v1/tenant-links/bad", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(TenantLinkApi), body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DELETE", "/api/v1/tenant-links/bms-tenant", HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/v1/launcher", HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("PATCH", "/api/v1/launcher", HttpStatusCode.MethodNotAllowed)]
    public async Task Rule13_ABareStatusOfTheApisIsAProblemAnApiClientCanRead(string method, string path, HttpStatusCode status)
    {
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Rule13_ANulEscapedInATenantLinkBodyIsABadRequest_AndLinksNothing()
    {
        using var api = Api(await ClientTokenAsync());
        using var body = new StringContent("""{"name":"NUL\u0000IT","baseUrl":"https://bms.example/"}""", System.Text.Encoding.UTF8, "application/json");

        var refused = await api.PutAsync("/api/v1/tenant-links/nul-tenant", body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(SsoSuite.Shared.Hosting.UrlEncoding.NulCharacter,
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.False(await factory.WithDbAsync(db => db.TenantLinks.AnyAsync(l => l.BmsTenantId == "nul-tenant")));
    }
}
