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
/// event's handlers are listed once per container (<see cref="ServerEventPlans"/>), a handler or filter registered as
/// a singleton is resolved once, and only scoped and transient ones come from the request's container, as before.
/// </para>
/// </summary>
public sealed class ServerDispatcher(ServerEventPlans plans, IServiceProvider services, ILogger<ServerDispatcher> logger)
    : IOpenIddictServerDispatcher
{
    public async ValueTask DispatchAsync<TContext>(TContext context) where TContext : BaseContext
    {
        ArgumentNullException.ThrowIfNull(context);
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

            var handler = step.Resolve(services);
            // The filter logs and lets the exception go on unchanged, as OpenIddict's dispatcher does at Debug.
            try
            {
                await handler.HandleAsync(context);
            }
            catch (Exception exception) when (LogFailure(exception, handler, typeof(TContext)))
            {
                throw;
            }

            if (context is BaseRequestContext { IsRequestHandled: true } or BaseRequestContext { IsRequestSkipped: true }
                or BaseValidatingContext { IsRejected: true })
            {
                return;
            }
        }
    }

    private bool LogFailure(Exception exception, object handler, Type context)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug(exception, "The event {Event} failed in {Handler}", context.FullName, handler.GetType().FullName);
        }
        return false;
    }
}

/// <summary>
/// The handlers of each OpenIddict server event, in order, with their filters: listed from OpenIddict's descriptors
/// (already sorted) the first time the event is dispatched, once per container. OpenIddict's options are built once;
/// should they ever be built anew, the lists are made anew from the new descriptors.
/// </summary>
public sealed class ServerEventPlans(IOptionsMonitor<OpenIddictServerOptions> options, IServiceProvider root, RegisteredLifetimes lifetimes)
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
        return (ServerEventStep<TContext>[])current.Plans.GetOrAdd(typeof(TContext), _ => Plan<TContext>(descriptors));
    }

    private ServerEventStep<TContext>[] Plan<TContext>(List<OpenIddictServerHandlerDescriptor> descriptors) where TContext : BaseContext =>
        descriptors.Where(d => d.ContextType == typeof(TContext))
            .Select(d => new ServerEventStep<TContext>(d.ServiceDescriptor.ServiceType,
                d.ServiceDescriptor.ImplementationInstance as IOpenIddictServerHandler<TContext> ?? Shared<IOpenIddictServerHandler<TContext>>(d.ServiceDescriptor.ServiceType),
                [.. d.FilterTypes.Select(type => new ServerEventFilter<TContext>(type, Shared<IOpenIddictServerHandlerFilter<TContext>>(type)))]))
            .ToArray();

    /// <summary>The one instance of a service the container holds as a singleton; null for any other lifetime.</summary>
    private T? Shared<T>(Type service) where T : class =>
        lifetimes.IsSingleton(service)
            ? root.GetService(service) as T ?? throw new InvalidOperationException($"{service} is not a {typeof(T).Name}.")
            : null;
}

/// <summary>A handler of one event with its filters; the handler itself when it is a singleton.</summary>
internal sealed class ServerEventStep<TContext>(Type service, IOpenIddictServerHandler<TContext>? shared, ServerEventFilter<TContext>[] filters)
    where TContext : BaseContext
{
    public ServerEventFilter<TContext>[] Filters { get; } = filters;

    public IOpenIddictServerHandler<TContext> Resolve(IServiceProvider request) =>
        shared ?? request.GetService(service) as IOpenIddictServerHandler<TContext>
        ?? throw new InvalidOperationException($"No handler {service} for {typeof(TContext).Name} is registered.");
}

/// <summary>A filter of one event's handler; the filter itself when it is a singleton.</summary>
internal sealed class ServerEventFilter<TContext>(Type type, IOpenIddictServerHandlerFilter<TContext>? shared) where TContext : BaseContext
{
    public IOpenIddictServerHandlerFilter<TContext> Resolve(IServiceProvider request) =>
        shared ?? request.GetService(type) as IOpenIddictServerHandlerFilter<TContext>
        ?? throw new InvalidOperationException($"No filter {type} for {typeof(TContext).Name} is registered.");
}

/// <summary>
/// The lifetime each service type was last registered with (the registration the container resolves), read from
/// the app's service collection once the container is built.
/// </summary>
public sealed class RegisteredLifetimes(IServiceCollection services)
{
    private readonly Lazy<HashSet<Type>> singletons = new(() =>
        services.Where(s => !s.IsKeyedService).GroupBy(s => s.ServiceType)
            .Where(g => g.Last().Lifetime == ServiceLifetime.Singleton).Select(g => g.Key).ToHashSet());

    public bool IsSingleton(Type service) => singletons.Value.Contains(service);
}
