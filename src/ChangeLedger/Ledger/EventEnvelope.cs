using System.Collections.Concurrent;
using System.Reflection;
using JasperFx.Events;

namespace ChangeLedger.Ledger;

/// <summary>
/// Wraps event data in Marten's <c>Event&lt;T&gt;</c>, so a write can fold what it appends before saving. One delegate per
/// event type, made once: no reflection on the write path.
/// </summary>
public static class EventEnvelope
{
    private static readonly ConcurrentDictionary<Type, Func<object, IEvent>> Factories = new();

    private static readonly MethodInfo TypedMethod = typeof(EventEnvelope).GetMethod(nameof(Typed), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static IEvent Of(object data) => Factories.GetOrAdd(data.GetType(), Make)(data);

    private static Func<object, IEvent> Make(Type type) => TypedMethod.MakeGenericMethod(type).CreateDelegate<Func<object, IEvent>>();

    private static IEvent Typed<T>(object data) where T : notnull => new Event<T>((T)data);
}
