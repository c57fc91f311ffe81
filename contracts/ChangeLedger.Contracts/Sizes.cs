using System.Text.Json.Serialization;

namespace ChangeLedger.Contracts;

/// <summary>How big a revision's diff is, as a client sends it (git diff --numstat base...head).</summary>
/// <param name="ChangedFiles">Files the diff touches, binary files included.</param>
/// <param name="LinesAdded">Lines added (binary files count none).</param>
/// <param name="LinesRemoved">Lines removed (binary files count none).</param>
public sealed record DiffSizeBody(int? ChangedFiles, int? LinesAdded, int? LinesRemoved);

/// <summary>How big a revision's diff is: files touched, lines added and removed.</summary>
public sealed record DiffSize(int ChangedFiles, int LinesAdded, int LinesRemoved)
{
    /// <summary>What a reviewer reads: lines added plus lines removed.</summary>
    [JsonIgnore] public int ChangedLines => LinesAdded + LinesRemoved;
}

/// <summary>The size recorded for a commit of the change, and the event (proposal or revision) that recorded it.</summary>
public sealed record RecordedSize(string Commit, DiffSize Size, long Version);

/// <summary>How big a change may be to be reviewed as one; a limit that is absent does not apply.</summary>
/// <param name="MaxChangedLines">Lines added plus removed, at most.</param>
/// <param name="MaxChangedFiles">Files touched, at most.</param>
public sealed record SizeLimit(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxChangedLines = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxChangedFiles = null);

/// <summary>Size limits per origin: a change whose origin has no limit is not measured.</summary>
/// <param name="Generated">The limit for generated changes.</param>
/// <param name="Human">The limit for human-written changes.</param>
public sealed record SizeBudget(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SizeLimit? Generated = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SizeLimit? Human = null)
{
    public const int MaxLines = 10_000_000;
    public const int MaxFiles = 1_000_000;

    /// <summary>The limit for one origin; null when it has none.</summary>
    public SizeLimit? For(OriginKind origin) => origin == OriginKind.Generated ? Generated : Human;

    /// <summary>Limits without a number are absent, and a budget without a limit is null.</summary>
    public SizeBudget? Normalized()
    {
        static SizeLimit? Limit(SizeLimit? l) => l is { MaxChangedLines: null, MaxChangedFiles: null } ? null : l;
        var budget = new SizeBudget(Limit(Generated), Limit(Human));
        return budget is { Generated: null, Human: null } ? null : budget;
    }
}

/// <summary>
/// What a merge put into the target branch, as the merge recorded it: the head's size and whether a verified human
/// had approved that head. Absent when the head's size was not recorded.
/// </summary>
/// <param name="Generated">Whether the change was generated.</param>
/// <param name="ChangedLines">Lines added plus removed by the merged head.</param>
/// <param name="VerifiedReviewer">The reviewer who, signed in with their own login, approved the merged head; absent when none had.</param>
public sealed record MergedLines(bool Generated, int ChangedLines,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? VerifiedReviewer = null);

/// <summary>One ISO week of a repository's accumulation.</summary>
/// <param name="Week">The ISO week, e.g. 2026-W49.</param>
/// <param name="Monday">The day it starts (UTC).</param>
/// <param name="GeneratedChangesMerged">Generated changes merged that week.</param>
/// <param name="GeneratedLinesMerged">Lines (added plus removed) of those whose size was recorded.</param>
/// <param name="VerifiedReviewedLines">Of those lines, the ones a verified human had approved before the merge.</param>
/// <param name="SizeUnknown">Generated changes merged that week whose size was not recorded (their lines are not counted).</param>
public sealed record AccumulationWeek(string Week, DateOnly Monday, int GeneratedChangesMerged, long GeneratedLinesMerged, long VerifiedReviewedLines, int SizeUnknown);

/// <summary>Generated code merged into a repository, week by week, and how much of it a verified human reviewed.</summary>
public sealed record Accumulation(string Repository, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AccumulationWeek> Weeks);
