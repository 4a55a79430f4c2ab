using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Api;
using SsoSuite.Bms.Companies;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.Tests.Api;

/// <summary>SPEC rule 12: the integration API's token endpoint and what its tokens open.</summary>
public sealed class IntegrationApiTests(BmsFactory factory) : IClassFixture<BmsFactory>, IDisposable
{
    private readonly HttpClient client = factory.CreateClient();

    public void Dispose() => client.Dispose();

    /// <summary>An Employee of Acme with MFA on, owned by one test (the BMS is shared by the class).</summary>
    private async Task<(string User, string Secret)> NewIntegratorAsync()
    {
        var user = "integrator-" + Guid.NewGuid().ToString("N")[..8];
        return (user, await factory.AddMfaEmployeeAsync(BmsFactory.Acme, user));
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private HttpClient WithToken(string token)
    {
        var authorized = factory.CreateClient();
        authorized.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return authorized;
    }

    [Fact]
    public async Task Rule12_TokenIssuedForValidCode()
    {
        var response = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, "integrator", AccountBuilder.Password,
            factory.NextCode(factory.IntegratorSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("access_token").GetString()!;
        Assert.Equal("Bearer", json.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(900, json.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal(43, token.Length); // 32 bytes, base64url without padding

        await factory.WithDbAsync(async (db, _) =>
        {
            // Only the token's hash is stored, never the token.
            Assert.True(await db.Set<ApiToken>().AnyAsync(t => t.TokenHash == ApiTokens.Hash(token)));
            Assert.False(await db.Set<ApiToken>().AnyAsync(t => t.TokenHash == token));
            Assert.Contains(await db.Set<AuditEntry>().ToListAsync(),
                a => a.Action == AuditActions.ApiToken && a.Outcome == AuditOutcomes.Succeeded);
        });

        using var authorized = WithToken(token);
        var companies = await authorized.GetFromJsonAsync<JsonElement>("/api/v1/companies");
        Assert.Equal(6, companies.GetProperty("total").GetInt32());
        Assert.Equal(1, companies.GetProperty("page").GetInt32());
        Assert.Equal(50, companies.GetProperty("pageSize").GetInt32());
        var first = companies.GetProperty("items")[0];
        Assert.True(first.TryGetProperty("id", out _) && first.TryGetProperty("name", out _) && first.TryGetProperty("active", out _));

        var options = await authorized.GetFromJsonAsync<JsonElement>("/api/v1/mapping/options");
        Assert.Equal(5, options.GetArrayLength()); // the inactive demo company is not an option

        var id = first.GetProperty("id").GetString();
        var one = await authorized.GetFromJsonAsync<JsonElement>($"/api/v1/companies/{id}");
        Assert.Equal(first.GetProperty("name").GetString(), one.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Rule12_Paging()
    {
        using var authorized = WithToken(await factory.TokenAsync(client));
        var page2 = await authorized.GetFromJsonAsync<JsonElement>("/api/v1/companies?page=2&pageSize=4");
        Assert.Equal(2, page2.GetProperty("items").GetArrayLength());
        Assert.Equal(6, page2.GetProperty("total").GetInt32());

        foreach (var query in new[] { "page=0", "pageSize=0", "pageSize=101", "page=abc", "pageSize=-1", "page=99999999999" })
        {
            var response = await authorized.GetAsync($"/api/v1/companies?{query}");
            await ProblemAsync(response, HttpStatusCode.BadRequest);
        }
        await ProblemAsync(await authorized.GetAsync("/api/v1/companies/not-a-guid"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rule12_TokenRefusedForWrongPassword()
    {
        var (user, secret) = await NewIntegratorAsync();
        var response = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, user, "wrong-password", factory.NextCode(secret));
        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(TokenEndpoint.InvalidCredentials, problem.GetProperty("title").GetString());

        var unknown = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, "nobody", AccountBuilder.Password, "123456");
        Assert.Equal(TokenEndpoint.InvalidCredentials, (await ProblemAsync(unknown, HttpStatusCode.Unauthorized)).GetProperty("title").GetString());
        var unknownTenant = await TokenRequests.RequestTokenAsync(client, "No Such Co", "integrator", AccountBuilder.Password, "123456");
        await ProblemAsync(unknownTenant, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Rule12_TokenRefusedForWrongCode()
    {
        var (user, _) = await NewIntegratorAsync();
        var response = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, user, AccountBuilder.Password, "000000");
        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(TokenEndpoint.InvalidCredentials, problem.GetProperty("title").GetString());
        // The wrong code counts towards the lockout shared with the sign-in page, and the audit says what it was.
        await factory.WithDbAsync(async (db, _) =>
        {
            var account = await db.Users.SingleAsync(u => u.UserName == user);
            Assert.Equal(1, account.FailedSignIns);
            Assert.Contains(await db.Set<AuditEntry>().Where(a => a.UserId == account.Id).ToListAsync(),
                a => a.Action == AuditActions.ApiToken && a.Outcome == AuditOutcomes.Failed && a.Detail == "wrong code");
        });
    }

    [Fact]
    public async Task Rule12_WrongCodesLockTheAccount()
    {
        var (user, secret) = await NewIntegratorAsync();
        for (var i = 0; i < 5; i++)
        {
            await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, user, AccountBuilder.Password, "000000");
        }
        var response = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, user, AccountBuilder.Password, factory.NextCode(secret));
        // Locked: even the right code is refused, with the answer a wrong password gets (SPEC rule 13).
        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(TokenEndpoint.InvalidCredentials, problem.GetProperty("title").GetString());
        await factory.WithDbAsync(async (db, _) => Assert.Contains(await db.Set<AuditEntry>().ToListAsync(),
            a => a.Action == AuditActions.ApiToken && a.Detail == "locked out"));
    }

    [Fact]
    public async Task Rule12_TokenRefusedForReplayedCode()
    {
        var (user, secret) = await NewIntegratorAsync();
        var code = factory.NextCode(secret);
        var first = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, user, AccountBuilder.Password, code);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var replay = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, user, AccountBuilder.Password, code);
        var problem = await ProblemAsync(replay, HttpStatusCode.Unauthorized);
        Assert.Equal(TokenEndpoint.InvalidCredentials, problem.GetProperty("title").GetString());
        // The caller is told nothing more; the tenant's admins see a replay, not a wrong code (SPEC rule 1).
        await factory.WithDbAsync(async (db, _) =>
        {
            var account = await db.Users.SingleAsync(u => u.UserName == user);
            Assert.Equal(1, account.FailedSignIns);
            Assert.Contains(await db.Set<AuditEntry>().Where(a => a.UserId == account.Id).ToListAsync(),
                a => a.Action == AuditActions.ApiToken && a.Outcome == AuditOutcomes.Failed && a.Detail == "replayed code");
        });
    }

    /// <summary>
    /// API and client-portal users, and users without MFA, never get a token; the answer is the one a wrong
    /// password gets, so that it tells no stranger the password was right (SPEC rules 12 and 13). The audit
    /// keeps the reason.
    /// </summary>
    [Theory]
    [InlineData("apiuser", "API user")]
    [InlineData("dave", "ClientPortal user")]
    [InlineData("bob", "MFA not configured")]
    public async Task Rule12_TokenRefusedForUsersWhoCannotHaveOne_AsForAWrongPassword(string username, string audited)
    {
        var wrongPassword = await ProblemAsync(await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, username, "wrong-password", "123456"),
            HttpStatusCode.Unauthorized);

        var rightPassword = await ProblemAsync(await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, username, AccountBuilder.Password, "123456"),
            HttpStatusCode.Unauthorized);

        Assert.Equal(wrongPassword.GetProperty("title").GetString(), rightPassword.GetProperty("title").GetString());
        Assert.Equal(wrongPassword.GetProperty("detail").GetString(), rightPassword.GetProperty("detail").GetString());
        Assert.Equal(TokenEndpoint.TokenRequirements, rightPassword.GetProperty("detail").GetString());
        await factory.WithDbAsync(async (db, _) => Assert.Contains(await db.Set<AuditEntry>().ToListAsync(),
            a => a.Action == AuditActions.ApiToken && a.Outcome == AuditOutcomes.Refused && a.Detail == audited));
    }

    [Fact]
    public async Task Rule12_TokenRefusedForInactiveUser()
    {
        var (user, secret) = await NewIntegratorAsync();
        var earlier = await factory.TokenAsync(client, username: user, secret: secret);
        await factory.WithDbAsync(async (db, _) =>
        {
            (await db.Users.SingleAsync(u => u.UserName == user)).IsActive = false;
            await db.SaveChangesAsync();
        });

        var response = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, user, AccountBuilder.Password, factory.NextCode(secret));
        await ProblemAsync(response, HttpStatusCode.Unauthorized);

        // A token issued before the user was deactivated stops working at once.
        using var authorized = WithToken(earlier);
        await ProblemAsync(await authorized.GetAsync("/api/v1/companies"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Rule12_ExpiredTokenRefused()
    {
        using var authorized = WithToken(await factory.TokenAsync(client));
        Assert.Equal(HttpStatusCode.OK, (await authorized.GetAsync("/api/v1/companies")).StatusCode);

        factory.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var response = await authorized.GetAsync("/api/v1/companies");
        await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer ")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic aW50ZWdyYXRvcjpwYXNz")]
    public async Task Rule12_MissingOrInvalidTokenRefused(string? authorization)
    {
        foreach (var path in new[] { "/api/v1/companies", "/api/v1/mapping/options", $"/api/v1/companies/{Guid.NewGuid()}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            var response = await client.SendAsync(request);
            await ProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    /// <summary>
    /// RFC 6750 §3.1: a request whose bearer token failed (expired, unknown) is told error="invalid_token", so its client
    /// knows to get a new token; one that sent no token, or another scheme, gets the bare challenge (§3: no error code).
    /// </summary>
    [Fact]
    public async Task Rfc6750_AnExpiredOrUnknownTokenIsAnsweredWithInvalidToken_AMissingOneWithTheBareChallenge()
    {
        using var expired = WithToken(await factory.TokenAsync(client));
        factory.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        using var unknown = WithToken("not-a-token");
        using var basic = factory.CreateClient();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "aW50ZWdyYXRvcjpwYXNz");

        foreach (var refused in new[] { expired, unknown })
        {
            using var response = await refused.GetAsync("/api/v1/companies");
            await ProblemAsync(response, HttpStatusCode.Unauthorized);
            var challenge = response.Headers.WwwAuthenticate.Single();
            Assert.Equal("Bearer", challenge.Scheme);
            Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        }
        foreach (var anonymous in new[] { client, basic })
        {
            using var response = await anonymous.GetAsync("/api/v1/companies");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().ToString());
        }
    }

    [Fact]
    public async Task Rule12_TenantIsolation()
    {
        var secret = await factory.AddMfaEmployeeAsync(BmsFactory.Globex, "gordon");
        using var globex = WithToken(await factory.TokenAsync(client, BmsFactory.Globex, "gordon", secret));

        var companies = await globex.GetFromJsonAsync<JsonElement>("/api/v1/companies");
        var names = companies.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Hooli Retail", "Initech", "Umbrella Clinics"], names);

        Guid acmeCompany = default;
        await factory.WithDbAsync(async (db, _) =>
            acmeCompany = (await db.Set<Company>().FirstAsync(c => c.Name == "Northwind Traders")).Id);
        await ProblemAsync(await globex.GetAsync($"/api/v1/companies/{acmeCompany}"), HttpStatusCode.NotFound);

        var options = await globex.GetFromJsonAsync<JsonElement>("/api/v1/mapping/options");
        Assert.DoesNotContain(options.EnumerateArray(), o => o.GetProperty("name").GetString() == "Northwind Traders");
    }

    public static TheoryData<string, string?, string> MalformedBodies => new()
    {
        { "empty body", "application/json", "" },
        { "not JSON", "application/json", "tenant=Acme" },
        { "truncated JSON", "application/json", "{\"tenant\":\"Acme IT\"" },
        { "array", "application/json", "[]" },
        { "null", "application/json", "null" },
        { "number", "application/json", "5" },
        { "string", "application/json", "\"integrator\"" },
        { "empty object", "application/json", "{}" },
        { "tenant is a number", "application/json", "{\"tenant\":5,\"username\":\"integrator\",\"password\":\"x\",\"code\":\"123456\"}" },
        { "code is a number", "application/json", "{\"tenant\":\"Acme IT\",\"username\":\"integrator\",\"password\":\"x\",\"code\":123456}" },
        { "tenant is null", "application/json", "{\"tenant\":null,\"username\":\"integrator\",\"password\":\"x\",\"code\":\"123456\"}" },
        { "username is an array", "application/json", "{\"tenant\":\"Acme IT\",\"username\":[\"a\"],\"password\":\"x\",\"code\":\"123456\"}" },
        { "password is an object", "application/json", "{\"tenant\":\"Acme IT\",\"username\":\"integrator\",\"password\":{\"a\":1},\"code\":\"123456\"}" },
        { "password is a boolean", "application/json", "{\"tenant\":\"Acme IT\",\"username\":\"integrator\",\"password\":true,\"code\":\"123456\"}" },
        { "missing code", "application/json", "{\"tenant\":\"Acme IT\",\"username\":\"integrator\",\"password\":\"x\"}" },
        { "blank fields", "application/json", "{\"tenant\":\" \",\"username\":\"\",\"password\":\"x\",\"code\":\"123456\"}" },
        { "tenant over 200 characters", "application/json", $"{{\"tenant\":\"{new string('a', 201)}\",\"username\":\"integrator\",\"password\":\"x\",\"code\":\"123456\"}}" },
        { "huge password", "application/json", $"{{\"tenant\":\"Acme IT\",\"username\":\"integrator\",\"password\":\"{new string('p', 5000)}\",\"code\":\"123456\"}}" },
        { "huge body", "application/json", $"{{\"tenant\":\"{new string('a', 100_000)}\"}}" },
        { "deep nesting", "application/json", new string('[', 500) + new string(']', 500) },
        { "text/plain", "text/plain", "{\"tenant\":\"Acme IT\",\"username\":\"integrator\",\"password\":\"x\",\"code\":\"123456\"}" },
        { "form post", "application/x-www-form-urlencoded", "tenant=Acme+IT&username=integrator&password=x&code=123456" },
        { "no content type", null, "{\"tenant\":\"Acme IT\"}" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Rule12_MalformedTokenRequestIsAProblemNotAnError(string name, string? contentType, string body)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        var response = await client.PostAsync("/api/v1/auth/token", content);

        // A body over the 64 KB every API body stays under is refused for its size before it is read as JSON.
        var expected = name == "huge body" ? HttpStatusCode.RequestEntityTooLarge : response.StatusCode;
        Assert.True(response.StatusCode == expected
                    && response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.RequestEntityTooLarge,
            $"{name}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Rule12_InvalidUtf8IsAProblem()
    {
        using var content = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await client.PostAsync("/api/v1/auth/token", content);
        await ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Rule12_OpenApiDocumentServed()
    {
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = json.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/auth/token", out var token));
        Assert.True(paths.TryGetProperty("/api/v1/companies", out _));
        Assert.True(paths.TryGetProperty("/api/v1/mapping/options", out _));
        Assert.False(string.IsNullOrEmpty(token.GetProperty("post").GetProperty("summary").GetString()));
    }
}
