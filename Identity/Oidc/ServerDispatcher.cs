using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// OpenIddict's server dispatcher (<see cref="IOpenIddictServerDispatcher"/>), with its contract unchanged: an event
/// runs every handler registered for its context type, in the handlers' order, whose filters all say it applies (each
/// filter asked just before its handler, so it sees what the handlers before it did), and stops after a handler that
/// marks the request handled or skipped, or the context rejected.
/// <para>
/// What differs is the bookkeeping. OpenIddict's own walks all of its ~400 handler descriptors for every event, and
/// asks the request's container for every filter and every handler, singletons included; a token request dispatches
/// about a dozen events, and that walk and those lookups were 17 % of a client_credentials token's CPU. Here each
/// event's handlers are listed once per container (<see cref="ServerEventPlans"/>), and a handler or filter registered
/// as a singleton is asked of the container once and kept; scoped and transient ones come from the request's
/// container each time, as before.
/// </para>
/// </summary>
public sealed class ServerDispatcher(ServerEventPlans plans, IServiceProvider services, ILoggerFactory logs)
    : IOpenIddictServerDispatcher
{
    // OpenIddict's own category, so that "OpenIddict": "Debug" still shows which handler did what.
    private readonly ILogger logger = logs.CreateLogger("OpenIddict.Server.OpenIddictServerDispatcher");

    public async ValueTask DispatchAsync<TContext>(TContext context) where TContext : BaseContext
    {
        ArgumentNullException.ThrowIfNull(context);
        var debug = logger.IsEnabled(LogLevel.Debug);
        foreach (var step in plans.For<TContext>())
        {
            var active = true;
            foreach (var filter in step.Filters)
            {
                if (!await filter.Resolve(services).IsActiveAsync(context))
                {
                    active = false;
                    break;
                }
            }
            if (!active)
            {
                continue;
            }

            var handler = step.Handler.Resolve(services);
            // The exception filter logs and lets the exception go on unchanged.
            try
            {
                await handler.HandleAsync(context);
            }
            catch (Exception exception) when (debug && LogFailure(exception, handler, typeof(TContext)))
            {
                throw;
            }

            var ended = context switch
            {
                BaseRequestContext { IsRequestHandled: true } => "handled the request",
                BaseRequestContext { IsRequestSkipped: true } => "skipped the request",
                BaseValidatingContext { IsRejected: true } => "rejected the request",
                _ => null,
            };
            if (debug)
            {
                logger.LogDebug("The event {Event} was processed by {Handler}{Ending}.", typeof(TContext).FullName,
                    handler.GetType().FullName, ended is null ? "" : ", which " + ended);
            }
            if (ended is not null)
            {
                return;
            }
        }
    }

    private bool LogFailure(Exception exception, object handler, Type context)
    {
        logger.LogDebug(exception, "The event {Event} failed in {Handler}.", context.FullName, handler.GetType().FullName);
        return false;
    }
}

/// <summary>
/// The handlers of each OpenIddict server event, in order, with their filters: listed from OpenIddict's descriptors
/// (already sorted) the first time the event is dispatched, once per container. OpenIddict's options are built once;
/// should they ever be built anew, the lists are made anew from the new descriptors.
/// </summary>
public sealed class ServerEventPlans(IOptionsMonitor<OpenIddictServerOptions> options, RegisteredLifetimes lifetimes)
{
    private sealed record Snapshot(List<OpenIddictServerHandlerDescriptor> Descriptors, ConcurrentDictionary<Type, object> Plans);

    private Snapshot? snapshot;

    internal ServerEventStep<TContext>[] For<TContext>() where TContext : BaseContext
    {
        var descriptors = options.CurrentValue.Handlers;
        var current = snapshot;
        if (current is null || !ReferenceEquals(current.Descriptors, descriptors))
        {
            current = new Snapshot(descriptors, new ConcurrentDictionary<Type, object>());
            snapshot = current;
        }
        return (ServerEventStep<TContext>[])current.Plans.GetOrAdd(typeof(TContext),
            static (_, state) => state.Plans.Plan<TContext>(state.Descriptors), (Plans: this, Descriptors: descriptors));
    }

    private ServerEventStep<TContext>[] Plan<TContext>(List<OpenIddictServerHandlerDescriptor> descriptors) where TContext : BaseContext =>
        descriptors.Where(d => d.ContextType == typeof(TContext))
            .Select(d => new ServerEventStep<TContext>(
                new(d.ServiceDescriptor.ServiceType, lifetimes.IsSingleton(d.ServiceDescriptor.ServiceType),
                    d.ServiceDescriptor.ImplementationInstance as IOpenIddictServerHandler<TContext>),
                [.. d.FilterTypes.Select(type => new ServiceFromRequest<IOpenIddictServerHandlerFilter<TContext>>(type, lifetimes.IsSingleton(type)))]))
            .ToArray();
}

/// <summary>A handler of one event with its filters.</summary>
internal sealed record ServerEventStep<TContext>(ServiceFromRequest<IOpenIddictServerHandler<TContext>> Handler,
    ServiceFromRequest<IOpenIddictServerHandlerFilter<TContext>>[] Filters) where TContext : BaseContext;

/// <summary>
/// A handler or a filter, resolved from the request's container when it is first needed, as OpenIddict does; a
/// singleton is then kept, since the container would give the same instance every time.
/// </summary>
internal sealed class ServiceFromRequest<T>(Type service, bool singleton, T? inline = null) where T : class
{
    private T? kept = inline;

    public T Resolve(IServiceProvider request)
    {
        if (kept is { } instance)
        {
            return instance;
        }
        instance = request.GetService(service) as T
            ?? throw new InvalidOperationException($"{service} is not registered as a {typeof(T).Name}.");
        if (singleton)
        {
            kept = instance;
        }
        return instance;
    }
}

/// <summary>
/// Which service types the container holds as singletons: those whose last non-keyed registration (the one the
/// container resolves) is a singleton, read from the app's service collection once the container is built. A type
/// registered only through an open generic is not listed, and is resolved from the request each time: still right,
/// just not kept.
/// </summary>
public sealed class RegisteredLifetimes(IServiceCollection services)
{
    private readonly Lazy<HashSet<Type>> singletons = new(() =>
        services.Where(s => !s.IsKeyedService).GroupBy(s => s.ServiceType)
            .Where(g => g.Last().Lifetime == ServiceLifetime.Singleton).Select(g => g.Key).ToHashSet());

    public bool IsSingleton(Type service) => singletons.Value.Contains(service);
}
