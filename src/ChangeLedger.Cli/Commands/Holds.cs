using System.CommandLine;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>changeledger hold / lift — keep a change away from release, and let it go again with a justification.</summary>
public static class Holds
{
    public static Command Place(Common common)
    {
        var change = Common.Change();
        var reason = Common.Required("--reason", "Why the change must wait");
        var placedBy = Common.Required("--placed-by", "Who places the hold");
        var kind = new Option<string>("--kind") { Description = "manual, incident, freeze or policy", DefaultValueFactory = _ => "manual" };
        kind.AcceptOnlyFromAmong("manual", "incident", "freeze", "policy");
        var holdId = Common.Optional("--hold-id", "The hold's id (default: generated, and printed)");
        var expiresAt = new Option<DateTimeOffset?>("--expires-at") { Description = "When the hold stops blocking on its own (RFC 3339)" };
        var eventId = Common.EventId();

        var command = new Command("hold", "Place a hold that blocks release (HoldPlaced)") { change, reason, placedBy, kind, holdId, expiresAt, eventId };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var request = new PlaceHoldRequest(Enum.Parse<HoldKind>(parse.GetValue(kind)!, true), parse.GetValue(reason), parse.GetValue(placedBy),
                parse.GetValue(holdId), parse.GetValue(expiresAt),
                common.NewEventId(parse, eventId, "hold", perAttempt: false, parse.GetValue(change), parse.GetValue(holdId) ?? parse.GetValue(kind) + ":" + parse.GetValue(reason)));
            var answer = await client.Post(Common.Path(parse.GetValue(change)!, "/holds"), request, ct);
            return await common.Report(answer, json, () => $"hold {answer.Read<WriteResult>().HoldId} placed on {parse.GetValue(change)}");
        }));
        return command;
    }

    public static Command Lift(Common common)
    {
        var change = Common.Change();
        var holdId = Common.Required("--hold-id", "The hold to lift");
        var liftedBy = Common.Required("--lifted-by", "Who lifts it");
        var justification = Common.Required("--justification", "Why it no longer applies");
        var eventId = Common.EventId();

        var command = new Command("lift", "Lift a hold (HoldLifted)") { change, holdId, liftedBy, justification, eventId };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var request = new LiftHoldRequest(parse.GetValue(liftedBy), parse.GetValue(justification),
                common.NewEventId(parse, eventId, "lift", perAttempt: false, parse.GetValue(change), parse.GetValue(holdId)));
            var answer = await client.Post(Common.Path(parse.GetValue(change)!, $"/holds/{Uri.EscapeDataString(parse.GetValue(holdId)!)}/lift"), request, ct);
            return await common.Report(answer, json, () => $"hold {parse.GetValue(holdId)} lifted on {parse.GetValue(change)}");
        }));
        return command;
    }
}
