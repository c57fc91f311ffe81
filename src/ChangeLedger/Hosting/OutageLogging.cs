namespace ChangeLedger.Hosting;

/// <summary>
/// The logger factory, seeing what a log filter cannot: the exception. A database library that fails on an outage
/// nobody has noticed yet (Wolverine's durability agent is often first, between two probes) would otherwise log its
/// error and stack trace before the outage is declared; here its failure declares the outage, which logs it once, and
/// the line is held back like every later one (<see cref="DatabaseOutage.Quiet"/>). Anything else passes unchanged.
/// </summary>
public sealed class OutageLogging(ILoggerFactory inner, DatabaseOutage outage) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        DatabaseOutage.FromDatabaseLibrary(categoryName)
            ? new Logger(inner.CreateLogger(categoryName), outage)
            : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>Wraps the factory the host registered, whatever way it was registered.</summary>
    public static void Decorate(IServiceCollection services, DatabaseOutage outage)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(sp => new OutageLogging(registered switch
        {
            { ImplementationInstance: ILoggerFactory instance } => instance,
            { ImplementationFactory: { } factory } => (ILoggerFactory)factory(sp),
            _ => (ILoggerFactory)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!),
        }, outage));
    }

    private sealed class Logger(ILogger inner, DatabaseOutage outage) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning && DatabaseOutage.IsOutage(exception))
            {
                outage.Failed(exception!);
                return;
            }
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
