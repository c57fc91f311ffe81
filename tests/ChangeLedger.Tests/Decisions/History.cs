using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Release;
using JasperFx.Events;

namespace ChangeLedger.Tests.Decisions;

/// <summary>Given events → the write model and read models, folded by the service's own projections. No host, no database.</summary>
public sealed class History
{
    public const string Id = "chg-1";
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly List<IEvent> _events = [];

    public static History Of(params object[] events)
    {
        var history = new History();
        foreach (var e in events) history.Then(e);
        return history;
    }

    public static ChangeProposed Proposed(OriginKind kind = OriginKind.Generated, string owner = "alice", string head = "h1") =>
        new(Id, "github.com/acme/payments", "title", head, "b0", owner, "ci-bot",
            new Origin(kind, kind == OriginKind.Generated ? "claude-code" : null, null, null, null, kind == OriginKind.Generated ? "bob" : null),
            Scope.Empty, [], null, T0);

    public History Then(object data)
    {
        var e = EventEnvelope.Of(data);
        e.Version = _events.Count + 1;
        e.Timestamp = T0.AddMinutes(_events.Count);
        _events.Add(e);
        return this;
    }

    public long Version => _events.Count;

    public Change Change => _events.Aggregate((Change?)null, (state, e) => ChangeProjection.Fold(state, Id, e))!;

    public Evidence Evidence => Change.Evidence;

    public ChangeSummary Summary => Change.Summary;

    public ReleaseRecord ReleaseRecord => Change.ReleaseRecord;

    public static ValidationRecorded Check(string check, string commit, ValidationOutcome outcome) =>
        new(Id, check, null, commit, outcome, null, null, "gha", null, T0);

    public static ReviewDecided Review(string reviewer, string commit, ReviewDecision decision = ReviewDecision.Accepted) =>
        new(Id, reviewer, decision, commit, null, T0);

    public static HoldPlaced Hold(string holdId, DateTimeOffset? expiresAt = null) =>
        new(Id, holdId, HoldKind.Incident, "incident " + holdId, "carol", expiresAt, T0);
}
