using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Server;
using SsoSuite.Identity.Oidc;
using SsoSuite.Identity.Tests.Support;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>
/// Discovery and JWKS come from memory (<see cref="MetadataCache"/>, README: Performance), and requests with made-up Host
/// headers can neither grow that memory nor push the real issuer's documents out of it. A handler added to OpenIddict
/// counts the documents it had to build.
/// </summary>
public sealed class MetadataCacheTests(MetadataCacheTests.CountedMetadata factory) : IClassFixture<MetadataCacheTests.CountedMetadata>
{
    private const string ConfiguredIssuer = "https://k1.example/";

    /// <summary>KaseyaOne with a configured issuer, as a production deployment has, and a count of the documents OpenIddict built.</summary>
    public sealed class CountedMetadata() : IdentityFactory(null, new Dictionary<string, string?> { ["Oidc:Issuer"] = ConfiguredIssuer })
    {
        public ConcurrentQueue<string> Built { get; } = new();

        protected override void ConfigureServices(IServiceCollection services)
        {
            base.ConfigureServices(services);
            services.AddSingleton(this);
            services.AddOpenIddict().AddServer(server => server
                .AddEventHandler(Counted.Configuration)
                .AddEventHandler(Counted.Jwks));
        }
    }

    public sealed class Counted(CountedMetadata factory)
        : IOpenIddictServerHandler<HandleConfigurationRequestContext>, IOpenIddictServerHandler<HandleJsonWebKeySetRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Configuration { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
                .UseSingletonHandler<Counted>().SetOrder(int.MinValue + 1).SetType(OpenIddictServerHandlerType.Custom).Build();

        public static OpenIddictServerHandlerDescriptor Jwks { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<HandleJsonWebKeySetRequestContext>()
                .UseSingletonHandler<Counted>().SetOrder(int.MinValue + 1).SetType(OpenIddictServerHandlerType.Custom).Build();

        public ValueTask HandleAsync(HandleConfigurationRequestContext context) => Count(context);

        public ValueTask HandleAsync(HandleJsonWebKeySetRequestContext context) => Count(context);

        private ValueTask Count(BaseContext context)
        {
            factory.Built.Enqueue(context.GetType().Name);
            return default;
        }
    }

    private async Task<string> GetAsync(string path, string host)
    {
        // HTTPS, as the configured issuer requires of every request to OpenIddict's endpoints.
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration", nameof(HandleConfigurationRequestContext))]
    [InlineData(OidcEndpoints.JwksPath, nameof(HandleJsonWebKeySetRequestContext))]
    public async Task Metadata_MadeUpHostsDoNotPushTheIssuersDocumentsOutOfMemory(string path, string context)
    {
        factory.Built.Clear();
        var first = await GetAsync(path, "made-up-0.example");
        for (var i = 1; i < 40; i++)
        {
            // Each answer names the configured issuer, whatever the Host header says.
            Assert.Equal(first, await GetAsync(path, $"made-up-{i}.example"));
        }

        // The real issuer's clients still get the copy kept in memory, not a document built anew for each of them.
        Assert.Equal(first, await GetAsync(path, "k1.example"));
        Assert.Equal(first, await GetAsync(path, "k1.example"));
        Assert.Single(factory.Built, context);
    }
}
