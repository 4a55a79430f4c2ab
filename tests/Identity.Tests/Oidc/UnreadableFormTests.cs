using System.Net;
using System.Text.Json;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>
/// SPEC rule 13: a form the framework cannot parse within its limits (too many fields, too long a name, a broken
/// multipart body) is a bad request, unauthenticated, on every OpenID Connect endpoint (the protocol's invalid_request,
/// RFC 6749 §5.2) and on the pages (the error page); never a 500.
/// </summary>
public sealed class UnreadableFormTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private static readonly string[] ProtocolEndpoints =
        ["/connect/authorize", "/connect/token", "/connect/userinfo", "/connect/endsession", "/connect/revoke"];

    public static IEnumerable<object[]> EveryEndpointAndForm() => BadlyEncoded.UnreadableEverywhere([.. ProtocolEndpoints, "/Accounts/Login"]);

    [Theory]
    [MemberData(nameof(EveryEndpointAndForm))]
    public async Task Rule13_AnUnreadableFormIsABadRequest(string path, string form)
    {
        using var client = factory.CreateClient();

        var answer = await BadlyEncoded.UnreadableFormAsync(client, path, form);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        if (path.StartsWith("/connect/", StringComparison.Ordinal))
        {
            Assert.Equal("invalid_request", JsonDocument.Parse(answer.Body).RootElement.GetProperty("error").GetString());
        }
        else
        {
            Assert.Contains("<h1>Bad request</h1>", answer.Body, StringComparison.Ordinal);
        }
    }
}
