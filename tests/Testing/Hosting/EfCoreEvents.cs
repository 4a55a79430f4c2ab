using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// Hands every EF Core event of one kind (e.g. <c>RelationalEventId.CommandExecuted</c>) raised in this test
/// process to <paramref name="onEvent"/> until disposed, through EF Core's DiagnosticListener (or, with
/// <see cref="ObserveListener"/>, every event of one name from another store listener, such as SqliteGroupCommit's). Every
/// app in the process raises them, so the callback picks out what belongs to its test (a database, a subject).
/// </summary>
public sealed class EfCoreEvents : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string listenerName;
    private readonly string eventName;
    private readonly Action<object?> onEvent;
    private readonly List<IDisposable> subscriptions = [];

    private EfCoreEvents(string listenerName, string eventName, Action<object?> onEvent)
    {
        this.listenerName = listenerName;
        this.eventName = eventName;
        this.onEvent = onEvent;
    }

    public static EfCoreEvents Observe(EventId kind, Action<object?> onEvent) => ObserveListener(DbLoggerCategory.Name, kind.Name!, onEvent);

    public static EfCoreEvents ObserveListener(string listenerName, string eventName, Action<object?> onEvent)
    {
        var events = new EfCoreEvents(listenerName, eventName, onEvent);
        events.subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(events));
        return events;
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == listenerName)
        {
            lock (subscriptions)
            {
                subscriptions.Add(listener.Subscribe(this, name => name == eventName));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value) => onEvent(value.Value);

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (subscriptions)
        {
            subscriptions.ForEach(s => s.Dispose());
        }
    }
}
