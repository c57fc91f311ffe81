using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>A diff size as a request sends it: all three numbers, none negative, or none at all.</summary>
public static class DiffSizes
{
    public static Validation Size(this Validation v, string field, DiffSizeBody? size)
    {
        if (size is null) return v;
        return v.Rule(size.ChangedFiles is >= 0 and <= SizeBudget.MaxFiles, $"{field}.changedFiles", $"'{field}.changedFiles' is a count of files, 0 to {SizeBudget.MaxFiles}.")
            .Rule(size.LinesAdded is >= 0 and <= SizeBudget.MaxLines, $"{field}.linesAdded", $"'{field}.linesAdded' is a count of lines, 0 to {SizeBudget.MaxLines}.")
            .Rule(size.LinesRemoved is >= 0 and <= SizeBudget.MaxLines, $"{field}.linesRemoved", $"'{field}.linesRemoved' is a count of lines, 0 to {SizeBudget.MaxLines}.");
    }

    /// <summary>The validated body as the events store it.</summary>
    public static DiffSize? Of(DiffSizeBody? size) =>
        size is null ? null : new DiffSize(size.ChangedFiles!.Value, size.LinesAdded!.Value, size.LinesRemoved!.Value);
}
