using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Server;
using SsoSuite.Identity.Oidc;
using SsoSuite.Identity.Tests.Support;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>
/// KaseyaOne dispatches OpenIddict's events itself (<see cref="ServerDispatcher"/>) and must keep OpenIddict's contract,
/// which every handler of the provider relies on: a token request here carries a probe parameter, and three handlers
/// added to its validation show what each one saw.
/// </summary>
public sealed class ServerDispatcherTests : IClassFixture<ServerDispatcherTests.ProbedIdentity>
{
    private const string Probe = "x_probe";
    private readonly ProbedIdentity factory;

    public ServerDispatcherTests(ProbedIdentity factory)
    {
        this.factory = factory;
        factory.Seen.Clear();
    }

    /// <summary>The app with the probe's handlers: <see cref="Mark"/>, then <see cref="Refuse"/>, then <see cref="After"/>.</summary>
    public sealed class ProbedIdentity : IdentityFactory
    {
        public ConcurrentQueue<string> Seen { get; } = new();

        protected override void ConfigureServices(IServiceCollection services)
        {
            base.ConfigureServices(services);
            services.AddSingleton(this);
            services.AddSingleton<MarkedOnly>();
            services.AddOpenIddict().AddServer(server =>
            {
                server.AddEventHandler(Mark.Descriptor);
                server.AddEventHandler(Refuse.Descriptor);
                server.AddEventHandler(After.Descriptor);
            });
        }
    }

    /// <summary>A singleton, first: marks a request that carries the probe.</summary>
    public sealed class Mark(ProbedIdentity factory) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
                .UseSingletonHandler<Mark>().SetOrder(int.MinValue + 1).SetType(OpenIddictServerHandlerType.Custom).Build();

        public ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            factory.Seen.Enqueue("mark " + RuntimeHelpers.GetHashCode(this));
            if (context.Request.GetParameter(Probe) is { } probe)
            {
                context.Transaction.Properties[Probe] = (string?)probe;
            }
            return default;
        }
    }

    /// <summary>Active only when <see cref="Mark"/>, which ran before it in the same event, marked the request.</summary>
    public sealed class MarkedOnly : IOpenIddictServerHandlerFilter<ValidateTokenRequestContext>
    {
        public ValueTask<bool> IsActiveAsync(ValidateTokenRequestContext context) =>
            ValueTask.FromResult(context.Transaction.Properties.ContainsKey(Probe));
    }

    /// <summary>Scoped, second, behind <see cref="MarkedOnly"/>: refuses a probe that says so.</summary>
    public sealed class Refuse(ProbedIdentity factory) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
                .AddFilter<MarkedOnly>()
                .UseScopedHandler<Refuse>().SetOrder(int.MinValue + 2).SetType(OpenIddictServerHandlerType.Custom).Build();

        public ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            factory.Seen.Enqueue("refuse " + RuntimeHelpers.GetHashCode(this));
            if (context.Transaction.Properties[Probe] is "refuse")
            {
                context.Reject(Errors.InvalidRequest, "The probe asked to be refused.");
            }
            return default;
        }
    }

    /// <summary>Third: runs unless a handler before it ended the event.</summary>
    public sealed class After(ProbedIdentity factory) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
                .UseSingletonHandler<After>().SetOrder(int.MinValue + 3).SetType(OpenIddictServerHandlerType.Custom).Build();

        public ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            factory.Seen.Enqueue("after");
            return default;
        }
    }

    private async Task<(HttpResponseMessage Response, System.Text.Json.JsonElement Body)> TokenAsync(string? probe)
    {
        using var client = factory.CreateClient();
        // The credentials in the body (RFC 6749 §2.3.1), so that even a request without the probe is OpenIddict's
        // (ClientCredentialsTokens answers a plain one with Basic credentials ahead of it).
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = IdentityFactory.ClientId,
            ["client_secret"] = IdentityFactory.ClientSecret,
        };
        if (probe is not null)
        {
            form[Probe] = probe;
        }
        return await new RelyingParty(client).TokenRequestAsync(form, authenticate: false);
    }

    private string[] Seen() => [.. factory.Seen.Select(s => s.Split(' ')[0])];

    [Fact]
    public async Task Dispatch_RunsAnEventsHandlersInOrder_EachFilterSeeingWhatTheHandlersBeforeItDid()
    {
        var (plain, _) = await TokenAsync(probe: null);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(["mark", "after"], Seen());

        factory.Seen.Clear();
        var (marked, _) = await TokenAsync(probe: "pass");
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Equal(["mark", "refuse", "after"], Seen());
    }

    [Fact]
    public async Task Dispatch_StopsAtTheHandlerThatRejects_AndTheClientGetsItsError()
    {
        var (response, body) = await TokenAsync(probe: "refuse");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Errors.InvalidRequest, body.GetProperty("error").GetString());
        Assert.Equal("The probe asked to be refused.", body.GetProperty("error_description").GetString());
        Assert.Equal(["mark", "refuse"], Seen());
    }

    [Fact]
    public async Task Dispatch_AScopedHandlerIsMadeForEachRequest_ASingletonOnceForAll()
    {
        await TokenAsync(probe: "pass");
        await TokenAsync(probe: "pass");

        var instances = factory.Seen.Where(s => s.Contains(' ', StringComparison.Ordinal)).Select(s => s.Split(' '))
            .GroupBy(s => s[0], s => s[1]).ToDictionary(g => g.Key, g => g.ToArray());
        Assert.Equal(2, instances["mark"].Length);
        Assert.Single(instances["mark"].Distinct());
        Assert.Equal(2, instances["refuse"].Distinct().Count());
        using var scope = factory.Services.CreateScope();
        Assert.IsType<ServerDispatcher>(scope.ServiceProvider.GetRequiredService<IOpenIddictServerDispatcher>());
    }
}
