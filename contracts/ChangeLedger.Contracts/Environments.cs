namespace ChangeLedger.Contracts;

/// <summary>One release of one change to one environment: what has run there since, and the verdict that let it go.</summary>
/// <param name="Environment">Where it was released.</param>
/// <param name="Repository">The change's repository.</param>
/// <param name="ChangeId">The change released.</param>
/// <param name="Commit">The change's head commit when it was released (absent for releases recorded before releases named it).</param>
/// <param name="Version">The version released, as the release named it.</param>
/// <param name="Artifacts">The artifacts it shipped, by digest.</param>
/// <param name="ReleasedBy">Who or what released it.</param>
/// <param name="OccurredAt">When it was released.</param>
/// <param name="RecordedAt">When the ledger recorded the release; asOf compares with this.</param>
/// <param name="EventVersion">The release event's version in the change's stream.</param>
/// <param name="Verdict">The verdict recorded with the release: every rule and the evidence each used.</param>
/// <param name="Override">Who set failed rules aside, and why, if anyone did.</param>
/// <param name="ReleasedOutsideGate">True when a deployment was reported (a CDEvent service.deployed) that the gate would have refused: <c>verdict</c> is the one it failed.</param>
/// <param name="RollBack">True when the environment was rolled back to this change's release (a CDEvent service.rolledback).</param>
public sealed record Deployment(
    string Environment,
    string Repository,
    string ChangeId,
    string? Commit,
    string Version,
    IReadOnlyList<Artifact> Artifacts,
    string ReleasedBy,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    long EventVersion,
    ReleaseVerdict? Verdict,
    ReleaseOverride? Override,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? ReleasedOutsideGate = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? RollBack = null);

/// <summary>"What is running in this environment?" Per repository, the last release recorded there by <c>asOf</c>.</summary>
public sealed record EnvironmentView(string Environment, DateTimeOffset AsOf, IReadOnlyList<Deployment> Repositories);

/// <summary>"Where does this artifact come from?" The changes whose releases shipped it, and every such release with its verdict.</summary>
public sealed record ArtifactView(string Digest, IReadOnlyList<string> Names, IReadOnlyList<string> ProducedBy, IReadOnlyList<Deployment> Releases);
