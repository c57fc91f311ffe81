using ChangeLedger.Contracts;
using ChangeLedger.Ledger;
using ChangeLedger.Policies;
using Wolverine;

namespace ChangeLedger.Tests.Decisions;

/// <summary>
/// A freeze window's start and end: given the window's events, when the scheduled message for an occurrence's edge
/// comes, then it records FreezeWindowStarted or FreezeWindowEnded, or nothing when it came before, when the window was
/// changed so that the occurrence is no longer its own, or when the window was removed.
/// </summary>
public sealed class FreezeWindowEdgeTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2027-01-12T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly DateTimeOffset End = Start.AddHours(2);
    private static readonly DateTimeOffset Now = Start.AddSeconds(1);
    private static readonly string Key = FreezeWindow.StreamKey("prod", "close");

    private static FreezeWindowSet Set(DateTimeOffset start, DateTimeOffset end) =>
        new("prod", "close", "Europe/Berlin", start, end, null, ["*"], "ann", "quarter close", Start.AddDays(-1));

    private static FreezeWindowSet Weekly() =>
        new("prod", "close", "UTC", null, null, new WeeklySchedule(["tue"], "09:00", "11:00"), ["*"], "ann", "tuesday maintenance", Start.AddDays(-1));

    private static FreezeWindow? Given(params object[] events)
    {
        FreezeWindow? window = null;
        var projection = new FreezeWindowProjection();
        for (var i = 0; i < events.Length; i++)
        {
            var e = EventEnvelope.Of(events[i]);
            e.Version = i + 1;
            e.Timestamp = Start.AddDays(-1);
            window = projection.Evolve(window, Key, e);
        }
        return window;
    }

    private static IReadOnlyList<object> When(FreezeWindow? window, bool ending, DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        new RecordFreezeWindowEdge("prod", "close", start ?? Start, end ?? End, ending).Decide(window, Now).Events;

    [Fact]
    public void the_start_of_an_occurrence_records_that_it_started_with_its_start_and_end_and_the_time_it_was_recorded()
    {
        When(Given(Set(Start, End)), ending: false).ShouldHaveSingleItem()
            .ShouldBe(new FreezeWindowStarted("prod", "close", Start, End, "system:freeze-calendar", Now));
    }

    [Fact]
    public void the_end_records_that_it_ended()
    {
        var started = new FreezeWindowStarted("prod", "close", Start, End, "system:freeze-calendar", Start);
        When(Given(Set(Start, End), started), ending: true).ShouldHaveSingleItem()
            .ShouldBe(new FreezeWindowEnded("prod", "close", Start, End, "system:freeze-calendar", Now));
    }

    [Fact]
    public void a_message_that_comes_twice_records_nothing_the_second_time()
    {
        var started = new FreezeWindowStarted("prod", "close", Start, End, "system:freeze-calendar", Start);
        var ended = new FreezeWindowEnded("prod", "close", Start, End, "system:freeze-calendar", End);
        When(Given(Set(Start, End), started), ending: false).ShouldBeEmpty();
        When(Given(Set(Start, End), started, ended), ending: true).ShouldBeEmpty();
        // A start that comes after its end (the end was delivered first) does not open the occurrence again.
        When(Given(Set(Start, End), ended), ending: false).ShouldBeEmpty();
    }

    [Fact]
    public void after_the_window_is_removed_its_messages_record_nothing()
    {
        var window = Given(Set(Start, End), new FreezeWindowRemoved("prod", "close", "ann", "released early", Start.AddHours(-1)));
        When(window, ending: false).ShouldBeEmpty();
        When(window, ending: true).ShouldBeEmpty();
        When(null, ending: false).ShouldBeEmpty();
    }

    [Fact]
    public void after_the_window_is_changed_the_messages_of_an_occurrence_it_no_longer_has_record_nothing()
    {
        var moved = Given(Set(Start, End), Set(Start.AddHours(1), End.AddHours(1)));
        When(moved, ending: false).ShouldBeEmpty();
        When(moved, ending: true).ShouldBeEmpty();
        When(moved, ending: false, Start.AddHours(1), End.AddHours(1)).ShouldHaveSingleItem().ShouldBeOfType<FreezeWindowStarted>();
    }

    [Fact]
    public void a_weekly_window_records_each_occurrence_once_and_a_day_it_does_not_freeze_records_nothing()
    {
        var tuesday = Given(Weekly());
        When(tuesday, ending: false).ShouldHaveSingleItem().ShouldBeOfType<FreezeWindowStarted>();
        var weekLater = When(Given(Weekly(), new FreezeWindowStarted("prod", "close", Start, End, "s", Start), new FreezeWindowEnded("prod", "close", Start, End, "s", End)),
            ending: false, Start.AddDays(7), End.AddDays(7));
        weekLater.ShouldHaveSingleItem().ShouldBeOfType<FreezeWindowStarted>().Start.ShouldBe(Start.AddDays(7));
        When(tuesday, ending: false, Start.AddDays(1), End.AddDays(1)).ShouldBeEmpty();
    }

    [Fact]
    public void setting_a_window_in_force_records_that_its_occurrence_started_and_setting_it_again_does_not()
    {
        var admin = new ChangeLedger.Access.Caller("k1", "ann", new HashSet<string>(), RepositoryScope.Everything, "ann");
        var set = new SetFreezeWindow("prod", "close", "Europe/Berlin", Start, End, null, ["*"], "quarter close", admin);
        SetFreezeWindow.Decide(null, set, Start.AddMinutes(-1)).Events.ShouldHaveSingleItem().ShouldBeOfType<FreezeWindowSet>();
        var events = SetFreezeWindow.Decide(null, set, Now).Events;
        events.Count.ShouldBe(2);
        events[1].ShouldBe(new FreezeWindowStarted("prod", "close", Start, End, "ann", Now));
        var started = Given(events[0], events[1]);
        SetFreezeWindow.Decide(started, set with { Reason = "quarter close, extended" }, Now.AddMinutes(1)).Events.ShouldHaveSingleItem().ShouldBeOfType<FreezeWindowSet>();
    }

    [Fact]
    public void a_window_ahead_schedules_its_start_and_end_and_one_in_force_only_its_end()
    {
        var window = Given(Set(Start, End))!;
        Schedule(FreezeWindowSchedule.Edges(window.Info(Start.AddMinutes(-10)))).ShouldBe([(false, Start), (true, End)]);
        Schedule(FreezeWindowSchedule.Edges(window.Info(Now))).ShouldBe([(true, End)]);
        FreezeWindowSchedule.Edges(window.Info(End.AddMinutes(1))).ShouldBeEmpty();
    }

    private static List<(bool Ending, DateTimeOffset? At)> Schedule(OutgoingMessages messages) =>
        [.. messages.Cast<DeliveryMessage<RecordFreezeWindowEdge>>().Select(d => (d.Message.Ending, d.Options?.ScheduledTime))];
}
