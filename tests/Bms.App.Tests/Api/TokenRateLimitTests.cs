using System.Net;

namespace SsoSuite.Bms.Tests.Api;

/// <summary>SPEC rule 12: token requests are limited per account and per client address.</summary>
public sealed class TokenRateLimitTests : IDisposable
{
    private readonly BmsFactory factory = new() { TokenRequestsPerMinute = 6, TokenRequestsPerAccountPerMinute = 3 };

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Rule12_TooManyTokenRequestsGet429()
    {
        using var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var allowed = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, "integrator", "wrong", "123456");
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }
        // The account's limit is spent, even with the right credentials...
        var perAccount = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, "integrator", AccountBuilder.Password,
            factory.NextCode(factory.IntegratorSecret));
        Assert.Equal(HttpStatusCode.TooManyRequests, perAccount.StatusCode);
        Assert.Equal("application/problem+json", perAccount.Content.Headers.ContentType?.MediaType);

        // ...while other accounts still go through until the address's limit is spent.
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, "carol", "wrong", "123456")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, "erin", "wrong", "123456")).StatusCode);
        var perAddress = await TokenRequests.RequestTokenAsync(client, BmsFactory.Acme, "alice", "wrong", "123456");
        Assert.Equal(HttpStatusCode.TooManyRequests, perAddress.StatusCode);
        Assert.Equal("application/problem+json", perAddress.Content.Headers.ContentType?.MediaType);
    }
}
