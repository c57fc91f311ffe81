using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using Marten;
using Wolverine;

namespace ChangeLedger.Policies;

/// <summary>
/// PUT /v1/environments/{environment}/freeze-windows/{windowId} — freeze an environment on a calendar (FreezeWindowSet):
/// once, from an instant to another, or every week between two local times, in an IANA zone; for some repositories or
/// the whole organisation. The same window again records nothing (200). DELETE removes it (FreezeWindowRemoved), GET
/// lists the environment's windows with the occurrence in force and the next. A scoped admin manages only windows
/// within its repositories, as with trust rules.
/// </summary>
public sealed record SetFreezeWindow(string Environment, string WindowId, string TimeZone, DateTimeOffset? Start, DateTimeOffset? End, WeeklySchedule? Weekly,
    IReadOnlyList<string> Repositories, string Reason, Caller Caller) : IStreamWrite<FreezeWindow>
{
    public static readonly StreamKind<FreezeWindow> Writes = new("set-freeze-window", "freeze window", new FreezeWindowProjection());

    /// <summary>The moment the answer's occurrences (in force, next) are read at.</summary>
    public DateTimeOffset AskedAt { get; init; }

    StreamKind<FreezeWindow> IStreamWrite<FreezeWindow>.Kind => Writes;
    public string StreamKey => FreezeWindow.StreamKey(Environment, WindowId);
    IReadOnlyList<string> IStreamWrite<FreezeWindow>.Reaches => Repositories;
    Problem IStreamWrite<FreezeWindow>.Unknown => Unknown(Environment, WindowId);
    string? IStreamWrite<FreezeWindow>.Location => $"/v1/environments/{Uri.EscapeDataString(Environment)}/freeze-windows/{WindowId}";
    public Decision Decide(FreezeWindow? current, DateTimeOffset now) => Decide(current, this, now);
    public object Answer(FreezeWindow window) => window.Info(AskedAt);

    public static Validation ValidateTarget(string environment, string windowId) =>
        new Validation().Required("environment", environment, 100)
            .Rule(windowId.Length is > 0 and <= 64 && windowId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
                "windowId", "A window id has 1 to 64 letters, digits, '-', '_' or '.'.");

    public static Validation Validate(FreezeWindowRequest r) => Validate(r, RepositoryScope.Everything);

    public static Validation Validate(FreezeWindowRequest r, RepositoryScope admin)
    {
        var v = new Validation()
            .Required("timeZone", r.TimeZone, 100)
            .Rule(r.TimeZone is null || FreezeCalendar.Zone(r.TimeZone) is not null, "timeZone", $"'{r.TimeZone}' is not an IANA time zone known here, e.g. Europe/Berlin or America/New_York.")
            .Required("reason", r.Reason, Validation.Text)
            .Rule(r.Repositories is null || r.Repositories.Count is > 0 and <= 50, "repositories", "'repositories' lists 1 to 50 repository patterns, or is absent for every repository.")
            // Neither member of the pair is required on its own: the error names the pair.
            .Rule(r.Weekly is not null || r.Start is not null || r.End is not null, "start/weekly",
                "A window is either one-off ('start' and 'end') or weekly ('weekly': days, start, end).")
            .Rule(r.Weekly is null || (r.Start is null && r.End is null), "weekly", "A window is one-off ('start' and 'end') or weekly, not both.");
        if (r.Weekly is null && (r.Start is not null || r.End is not null))
            v.Required("start", r.Start).Required("end", r.End)
             .Rule(r.Start is null || r.End is null || r.End > r.Start, "end", "'end' comes after 'start'.");
        else if (r.Weekly is not null)
        {
            var days = r.Weekly.Days ?? [];
            v.Rule(days.Count is > 0 and <= 7 && days.All(FreezeCalendar.DayNames.Contains), "weekly.days",
                    $"'weekly.days' names 1 to 7 days among {string.Join(", ", FreezeCalendar.DayNames)}.")
             .Rule(FreezeCalendar.LocalTime(r.Weekly.Start) is not null, "weekly.start", "'weekly.start' is a local time, HH:mm (24-hour).")
             .Rule(FreezeCalendar.LocalTime(r.Weekly.End) is not null, "weekly.end", "'weekly.end' is a local time, HH:mm (24-hour); at or before the start, the window ends the next day.");
        }
        return v.Rule(r.Repositories is not null || admin.IsEverything, "repositories",
                "Only an admin of every repository freezes them all; name the repositories the window freezes.")
            .Reach(r.Repositories, admin);
    }

    public static SetFreezeWindow Of(string environment, string windowId, FreezeWindowRequest r, Caller caller) =>
        new(environment, windowId, r.TimeZone!, r.Weekly is null ? r.Start : null, r.Weekly is null ? r.End : null,
            r.Weekly is { } w ? new WeeklySchedule([.. FreezeCalendar.DayNames.Where(w.Days!.Contains)], w.Start!, w.End!) : null,
            r.Repositories is { } repositories ? [.. repositories.Distinct(StringComparer.Ordinal)] : ["*"], r.Reason!, caller);

    /// <summary>
    /// Nothing when the window stands as asked, else the window as it now stands; and when the window so set is in force
    /// in an occurrence not started yet, that the occurrence started (its schedule starts only the occurrences to come).
    /// </summary>
    public static Decision Decide(FreezeWindow? current, SetFreezeWindow c, DateTimeOffset now)
    {
        if (current is { Removed: false } && current.TimeZone == c.TimeZone && current.Start == c.Start && current.End == c.End
            && current.Weekly?.Start == c.Weekly?.Start && current.Weekly?.End == c.Weekly?.End
            && (current.Weekly?.Days ?? []).SequenceEqual(c.Weekly?.Days ?? []) && current.Repositories.SequenceEqual(c.Repositories) && current.Reason == c.Reason)
            return Decision.Of();
        var set = new FreezeWindowSet(c.Environment, c.WindowId, c.TimeZone, c.Start, c.End, c.Weekly, c.Repositories, c.Caller.RecordedBy, c.Reason, now);
        return Writes.Fold(current, c.StreamKey, EventEnvelope.Of(set)) is { } window && FreezeCalendar.InForce(window, now) is { } span
            && span.Start != window.StartedOccurrence && span.Start != window.EndedOccurrence
            ? Decision.Of(set, new FreezeWindowStarted(c.Environment, c.WindowId, span.Start, span.End, c.Caller.RecordedBy, now))
            : Decision.Of(set);
    }

    public static Problem Unknown(string environment, string windowId) =>
        new(404, "unknown-freeze-window", "Unknown freeze window", $"No freeze window '{windowId}' on '{environment}' is visible to this caller.");

    /// <summary>The windows of an environment a reader sees: those that may freeze a repository it sees (organisation-wide ones included).</summary>
    public static async Task<List<FreezeWindowInfo>> Visible(IQuerySession session, ClaimsPrincipal user, string environment, DateTimeOffset now, CancellationToken ct)
    {
        var windows = await session.Query<FreezeWindow>().Where(w => w.Environment == environment && !w.Removed).ToListAsync(ct);
        var scope = user.Scope();
        return [.. windows.Where(w => Sees(scope, w)).OrderBy(w => w.WindowId, StringComparer.Ordinal).Select(w => w.Info(now))];
    }

    /// <summary>Whether a reader of <paramref name="scope"/> sees the window: it may freeze a repository the reader sees.</summary>
    public static bool Sees(RepositoryScope scope, FreezeWindow w) =>
        scope.IsEverything || w.Repositories.Any(p => p == "*" || scope.Matches(p) || scope.Patterns.Any(mine => RepositoryScope.Match(p, mine)));

    public static void Map(RouteGroupBuilder environments)
    {
        environments.MapPut("/{environment}/freeze-windows/{windowId}", async (string environment, string windowId, FreezeWindowRequest body, ClaimsPrincipal user,
                TimeProvider clock, Wolverine.IMessageBus bus) =>
            {
                environment = Uri.UnescapeDataString(environment);
                if (ValidateTarget(environment, windowId) is { IsValid: false } badTarget) return Problems.Result(badTarget.ToProblem());
                if (Validate(body, user.Scope()) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                return (await bus.InvokeAsync<WriteOutcome>(Of(environment, windowId, body, Caller.Of(user)) with { AskedAt = clock.GetUtcNow() }, CancellationToken.None)).ToResult();
            })
            .WithName("SetFreezeWindow").WithSummary("Create or change a freeze window on an environment (FreezeWindowSet); the same window again records nothing")
            .Produces<FreezeWindowInfo>(StatusCodes.Status201Created).Produces<FreezeWindowInfo>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.Administer);

        environments.MapDelete("/{environment}/freeze-windows/{windowId}", async (string environment, string windowId, string? reason, ClaimsPrincipal user,
                TimeProvider clock, Wolverine.IMessageBus bus) =>
            {
                environment = Uri.UnescapeDataString(environment);
                if (ValidateTarget(environment, windowId).Required("reason", reason, Validation.Text) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                return (await bus.InvokeAsync<WriteOutcome>(new RemoveFreezeWindow(environment, windowId, reason!, Caller.Of(user)) { AskedAt = clock.GetUtcNow() }, CancellationToken.None)).ToResult();
            })
            .WithName("RemoveFreezeWindow").WithSummary("Remove a freeze window (FreezeWindowRemoved); the reason is required")
            .Produces<FreezeWindowInfo>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.Administer);

        environments.MapGet("/{environment}/freeze-windows", async (string environment, IQuerySession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct) =>
            {
                environment = Uri.UnescapeDataString(environment);
                if (new Validation().Required("environment", environment, 100) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                return Results.Ok(await Visible(session, user, environment, clock.GetUtcNow(), ct));
            })
            .WithName("ListFreezeWindows").WithSummary("The freeze windows of an environment, each with its occurrence in force and the next")
            .Produces<List<FreezeWindowInfo>>().ProducesValidationProblem()
            .RequireAuthorization(Permissions.ReadChanges);
    }
}

public sealed record RemoveFreezeWindow(string Environment, string WindowId, string Reason, Caller Caller) : IStreamWrite<FreezeWindow>
{
    public DateTimeOffset AskedAt { get; init; }

    StreamKind<FreezeWindow> IStreamWrite<FreezeWindow>.Kind => SetFreezeWindow.Writes;
    public string StreamKey => FreezeWindow.StreamKey(Environment, WindowId);
    public Problem Unknown => SetFreezeWindow.Unknown(Environment, WindowId);
    public object Answer(FreezeWindow window) => window.Info(AskedAt);

    /// <summary>Removing a removed window answers it as it stands and records nothing.</summary>
    public Decision Decide(FreezeWindow? current, DateTimeOffset now) =>
        current is null ? Unknown
        : current.Removed ? Decision.Of()
        : Decision.Of(new FreezeWindowRemoved(Environment, WindowId, Caller.RecordedBy, Reason, now));
}

/// <summary>Sets and removes windows through the engine of every stream that is not a change's.</summary>
public static class FreezeWindowHandler
{
    /// <summary>A window set or changed schedules its occurrence's start and end (FreezeWindowSchedule), in the same transaction.</summary>
    public static async Task<(WriteOutcome, OutgoingMessages)> Handle(SetFreezeWindow command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await StreamWrites.Run(command, session, clock, ct);
        return (outcome, outcome.Events is { Count: > 0 } && outcome.Body is FreezeWindowInfo window ? FreezeWindowSchedule.Edges(window) : []);
    }

    public static Task<WriteOutcome> Handle(RemoveFreezeWindow command, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        StreamWrites.Run(command, session, clock, ct);
}
