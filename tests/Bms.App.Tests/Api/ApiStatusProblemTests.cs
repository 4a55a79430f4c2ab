using System.Net;

namespace SsoSuite.Bms.Tests.Api;

/// <summary>SPEC rule 12: bare error statuses under /api are problem details, not the HTML status page.</summary>
public sealed class ApiStatusProblemTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    [Theory]
    [InlineData("GET", "/api/v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/auth/token", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/api/v1/companies", HttpStatusCode.MethodNotAllowed)]
    public async Task Rule12_BareStatusIsAProblem(string method, string path, HttpStatusCode status)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        var response = await client.SendAsync(request);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
