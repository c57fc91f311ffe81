using System.CommandLine;
using System.Text.Json;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger release — ask the gate and record its verdict; the release is recorded when ready, or when overridden
/// with a justification. Exit 0 released, 1 refused by the gate (failed rules printed), the codes of ExitCodes on errors.
/// </summary>
public static class Release
{
    public static Command Create(Common common)
    {
        var change = Common.Change();
        var environment = Common.Required("--environment", "Where it goes, e.g. prod");
        var version = Common.Required("--version", "What is deployed (a version or artifact id)");
        var releasedBy = Common.Required("--released-by", "Who releases it");
        var justification = Common.Optional("--override-justification", "Release despite failed rules; recorded in every later audit");
        var overrideBy = Common.Optional("--override-by", "Who overrides (default: --released-by)");
        var artifacts = new Option<string[]>("--artifact") { Description = "An artifact the release ships: sha256:<hex>, or <name>@sha256:<hex> (repeatable)" };
        var eventId = Common.EventId();

        var command = new Command("release", "Record a release through the gate (ReleaseVerdictRecorded, ChangeReleased)")
        {
            change, environment, version, releasedBy, justification, overrideBy, artifacts, eventId,
        };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var @override = parse.GetValue(justification) is { } why ? new OverrideBody(parse.GetValue(overrideBy), why) : null;
            var request = new ReleaseChangeRequest(parse.GetValue(environment), parse.GetValue(version), parse.GetValue(releasedBy), @override,
                common.NewEventId(parse, eventId, "release", perAttempt: false, parse.GetValue(change), parse.GetValue(environment)),
                Artifacts: parse.GetValue(artifacts) is { Length: > 0 } given ? [.. given.Select(Artifact)] : null);
            var answer = await client.Post(Common.Path(parse.GetValue(change)!, "/releases"), request, ct);
            if (answer.Status == 409 && IsOutcome(answer.Body))
            {
                if (json) await common.Host.Out.WriteLineAsync(answer.Body);
                else await Gate.Print(common.Host.Out, answer.Read<ReleaseOutcome>().Verdict);
                // A re-run of a job whose release was refused replays that refusal: the verdict it shows is the first one.
                if (answer.Replayed)
                    await common.Host.Error.WriteLineAsync($"changeledger: this release (eventId {request.EventId}) was already refused; the ledger replayed " +
                        "that answer. To ask the gate again, run a new pipeline or pass a new --event-id.");
                return ExitCodes.NotReady;
            }
            return await common.Report(answer, json, () => $"released {parse.GetValue(change)} to {request.Environment} ({request.Version})");
        }));
        return command;
    }

    /// <summary>name@sha256:… names the artifact; the ledger checks the digest's spelling.</summary>
    private static ArtifactBody Artifact(string value)
    {
        var at = value.LastIndexOf("@sha256:", StringComparison.Ordinal);
        return at > 0 ? new ArtifactBody(value[..at], value[(at + 1)..]) : new ArtifactBody(null, value);
    }

    /// <summary>A refused release answers with the recorded verdict, not a problem: the gate worked, it said no.</summary>
    private static bool IsOutcome(string body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("verdict", out _);
    }
}
