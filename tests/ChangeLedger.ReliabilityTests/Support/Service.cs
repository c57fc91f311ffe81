namespace ChangeLedger.ReliabilityTests.Support;

/// <summary>How this suite runs the service (<see cref="ServiceProcess"/>): published once, its schema applied at start.</summary>
public static class Service
{
    /// <summary>
    /// The published service in a content folder of its own, without a rate limit (the scenarios are the load), logging
    /// warnings and errors, probing the database every second and applying the schema at start.
    /// </summary>
    public static readonly ServiceLaunch Launch = new(
        Published.Dll,
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "changeledger-reliability", "content")).FullName,
        new Dictionary<string, string>
        {
            ["Limits__RateLimit__PermitsPerSecond"] = "100000",
            ["Limits__RateLimit__Burst"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Database__ProbeSeconds"] = "1",
            ["Database__ApplySchemaAtStart"] = "true",
        }) { ReadyWithin = TimeSpan.FromSeconds(90) };

    /// <summary>One proposal and one validation, so the handlers are warm before a scenario starts timing.</summary>
    public static async Task WarmUp(this ServiceProcess service)
    {
        using var http = service.Client();
        var id = "warm-" + Guid.NewGuid().ToString("N")[..8];
        var proposal = new ChangeLedger.Contracts.ProposeChangeRequest(id, "github.com/acme/warm-up", "Warm-up", "c0ffee1", null, "alice", "ci-bot",
            new ChangeLedger.Contracts.OriginBody(ChangeLedger.Contracts.OriginKind.Human));
        (await Load.Send(http, "/v1/changes", proposal)).Status.ShouldBe(201);
        (await Load.Send(http, $"/v1/changes/{id}/validations",
            new ChangeLedger.Contracts.RecordValidationRequest("warm", "c0ffee1", ChangeLedger.Contracts.ValidationOutcome.Passed, "gha"))).Status.ShouldBe(201);
    }
}
