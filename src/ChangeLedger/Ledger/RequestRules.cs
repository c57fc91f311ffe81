namespace ChangeLedger.Ledger;

/// <summary>
/// The validator of one request body, registered beside its endpoint. The endpoint refuses with it, and the API
/// reference asks it which members are required, so the published schema cannot drift from what the service refuses.
/// </summary>
public sealed record RequestRules(Type RequestType, Func<object, Validation> Validate)
{
    public static RequestRules For<TRequest>(Func<TRequest, Validation> validate) => new(typeof(TRequest), r => validate((TRequest)r));
}
