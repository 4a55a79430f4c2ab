using System.Net;

namespace SsoSuite.Bms.Tests.Api;

/// <summary>SPEC rule 12: token requests are limited per account and per client address.</summary>
public sealed class TokenRateLimitTests : IDisposable
{
    private readonly ApiFactory factory = new(tokenRequestsPerMinute: 6, tokenRequestsPerAccountPerMinute: 3);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Rule12_TooManyTokenRequestsGet429()
    {
        using var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var allowed = await ApiFactory.RequestTokenAsync(client, ApiFactory.Acme, "integrator", "wrong", "123456");
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }
        // The account's limit is spent, even with the right credentials...
        var perAccount = await ApiFactory.RequestTokenAsync(client, ApiFactory.Acme, "integrator", ApiFactory.Password,
            factory.NextCode(factory.IntegratorSecret));
        Assert.Equal(HttpStatusCode.TooManyRequests, perAccount.StatusCode);
        Assert.Equal("application/problem+json", perAccount.Content.Headers.ContentType?.MediaType);

        // ...while other accounts still go through until the address's limit is spent.
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiFactory.RequestTokenAsync(client, ApiFactory.Acme, "carol", "wrong", "123456")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiFactory.RequestTokenAsync(client, ApiFactory.Acme, "erin", "wrong", "123456")).StatusCode);
        var perAddress = await ApiFactory.RequestTokenAsync(client, ApiFactory.Acme, "alice", "wrong", "123456");
        Assert.Equal(HttpStatusCode.TooManyRequests, perAddress.StatusCode);
        Assert.Equal("application/problem+json", perAddress.Content.Headers.ContentType?.MediaType);
    }
}
