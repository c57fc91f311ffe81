using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChangeLedger.Contracts;

namespace ChangeLedger.Audits;

/// <summary>One rule of a stored verdict, as the audit reads it: its name, whether it passed, what its evidence named.</summary>
public sealed record AuditedRule(string Rule, bool Passed, IReadOnlyList<string> EvidenceDetails);

/// <summary>
/// One release as the ledger stored it: the <c>ChangeReleased</c> event (sequence, recording time, override, the
/// outside-the-gate flag) and the <c>ReleaseVerdictRecorded</c> it names (null when it names none), with the recording
/// time of the change's proposal and whether the change had been released to the environment before.
/// </summary>
public sealed record AuditedRelease(
    long Sequence,
    DateTimeOffset RecordedAt,
    string ChangeId,
    long EventVersion,
    string Repository,
    string ReleasedBy,
    string Version,
    ReleaseOverride? Override,
    bool OutsideTheGate,
    long? VerdictVersion,
    bool? Ready,
    IReadOnlyList<AuditedRule>? Rules,
    DateTimeOffset ProposedAt,
    bool FirstToEnvironment,
    string Hash,
    DateTimeOffset LogTime);

/// <summary>
/// Folds releases, in log order, into the audit's figures: a pure function of what was stored (no policy is read, no
/// rule is decided again). Memory grows with the repositories and the lead times (8 bytes a first release), never with
/// the releases themselves: each release and its exception are handed back to be written (or kept) by the caller as
/// they come; the sample keeps at most its size.
/// </summary>
public sealed class AuditTally(int? sampleSize, string? seed)
{
    public const string Overridden = "overridden";
    public const string OutsideGate = "outside-the-gate";
    public const string WithoutVerdict = "without-verdict";
    public const string NotReady = "not-ready";
    public const string IncidentRule = "no-open-incident";

    /// <summary>The procedure, stated in the report so an auditor can draw the same sample by hand.</summary>
    public const string Procedure =
        "For every release in the audit, compute the lowercase hex SHA-256 of the UTF-8 text seed + \"\\n\" + changeId + \"\\n\" + eventVersion " +
        "(eventVersion in decimal); order the releases by that key (bytewise, ascending) and take the first N. " +
        "Re-draw: ask the same audit with the same sample and seed (GET /v1/audits?…&sample=N&seed=S), or compute the keys over the audit's releases.";

    private readonly Figures _total = new(null);
    private readonly Dictionary<string, Figures> _repositories = new(StringComparer.Ordinal);
    private readonly PriorityQueue<AuditSampled, string> _sample = new(Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a)));

    /// <summary>Counts a release; returns it as the report lists it, and its exception when it is one.</summary>
    public (AuditRelease Release, AuditException? Exception) Add(AuditedRelease release)
    {
        if (!_repositories.TryGetValue(release.Repository, out var figures)) _repositories[release.Repository] = figures = new Figures(release.Repository);
        var kind = KindOf(release);
        figures.Add(release, kind);
        _total.Add(release, kind);
        var listed = new AuditRelease(release.ChangeId, release.Repository, release.EventVersion, release.Sequence, release.RecordedAt, kind, release.Version, release.ReleasedBy,
            release.Hash, release.LogTime);
        AuditException? exception = null;
        if (kind is not null)
        {
            Exceptions++;
            exception = new AuditException(release.ChangeId, release.Repository, kind, release.Sequence, release.EventVersion, release.VerdictVersion,
                release.RecordedAt, release.ReleasedBy, release.Version,
                [.. (release.Rules ?? []).Where(r => !r.Passed).Select(r => r.Rule)], OpenIncidents(release), release.Override, Trail(release.ChangeId));
        }
        if (sampleSize is { } size && seed is not null)
        {
            var key = DrawKey(seed, release.ChangeId, release.EventVersion);
            _sample.Enqueue(new AuditSampled(release.ChangeId, release.Repository, release.EventVersion, release.Sequence, release.RecordedAt, key, Trail(release.ChangeId)), key);
            if (_sample.Count > size) _sample.Dequeue();
        }
        return (listed, exception);
    }

    public long Releases => _total.Count;

    public long Exceptions { get; private set; }

    /// <summary>The report's figures and sample, with the exceptions the caller kept (the streamed JSON writes its own from disk).</summary>
    public AuditReport Report(AuditQuery query, DateTimeOffset generatedAt, long highWaterMark, Contracts.Integrity.AuditCompleteness completeness,
        IReadOnlyList<AuditException> exceptions) =>
        new(AuditReport.ReportType, query, generatedAt, highWaterMark, _total.ToContract(),
            [.. _repositories.Values.OrderBy(f => f.Repository, StringComparer.Ordinal).Select(f => f.ToContract())],
            exceptions,
            sampleSize is { } size && seed is not null
                ? new AuditSample(size, seed, Procedure, [.. _sample.UnorderedItems.Select(i => i.Element).OrderBy(s => s.DrawKey, StringComparer.Ordinal)])
                : null,
            null, completeness);

    /// <summary>Null when the release went through the gate; otherwise why it is an exception.</summary>
    public static string? KindOf(AuditedRelease r) =>
        r.Ready is null ? WithoutVerdict
        : r.Ready == true ? null
        : r.OutsideTheGate ? OutsideGate
        : r.Override is not null ? Overridden
        : NotReady;

    public static string DrawKey(string seed, string changeId, long eventVersion) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{changeId}\n{eventVersion.ToString(CultureInfo.InvariantCulture)}")));

    /// <summary>A rule's family: required-check:unit and required-check:lint are both required-check.</summary>
    private static ReadOnlySpan<char> FamilyOf(string rule) => rule.IndexOf(':') is var at and >= 0 ? rule.AsSpan(0, at) : rule;

    public static string Trail(string changeId) => $"/v1/changes/{Uri.EscapeDataString(changeId)}/trail";

    private static IReadOnlyList<string> OpenIncidents(AuditedRelease r) =>
        [.. (r.Rules ?? []).Where(x => x.Rule == IncidentRule && !x.Passed).SelectMany(x => x.EvidenceDetails)];

    public static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private sealed class Figures(string? repository)
    {
        private readonly Dictionary<string, (long Applied, long Met)> _rules = new(StringComparer.Ordinal);
        private readonly List<double> _leadTimes = [];
        private long _releases, _gate, _overridden, _outside, _without, _incidents;

        public string? Repository => repository;

        public long Count => _releases;

        public void Add(AuditedRelease r, string? kind)
        {
            _releases++;
            switch (kind)
            {
                case null: _gate++; break;
                case Overridden: _overridden++; break;
                case OutsideGate: _outside++; break;
                case WithoutVerdict: _without++; break;
            }
            var rules = r.Rules ?? [];
            if (rules.Any(x => x.Rule == IncidentRule && !x.Passed)) _incidents++;
            // Each family a verdict applied counts once, met when every rule of it passed; read over the rules in place
            // (a family's name is a span of its rules' names), since an audit does this for every release.
            var byFamily = _rules.GetAlternateLookup<ReadOnlySpan<char>>();
            for (var i = 0; i < rules.Count; i++)
            {
                var family = FamilyOf(rules[i].Rule);
                var counted = false;
                for (var j = 0; j < i && !counted; j++) counted = family.SequenceEqual(FamilyOf(rules[j].Rule));
                if (counted) continue;
                var passed = true;
                for (var j = i; j < rules.Count && passed; j++) passed = !family.SequenceEqual(FamilyOf(rules[j].Rule)) || rules[j].Passed;
                var (applied, met) = byFamily.TryGetValue(family, out var counts) ? counts : default;
                byFamily[family] = (applied + 1, met + (passed ? 1 : 0));
            }
            if (r.FirstToEnvironment) _leadTimes.Add((r.RecordedAt - r.ProposedAt).TotalSeconds);
        }

        public AuditFigures ToContract() =>
            new(repository, _releases, _gate, _overridden, _outside, _without, _incidents, _leadTimes.Count, Median(_leadTimes),
                [.. _rules.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => new AuditRuleRate(x.Key, x.Value.Applied, x.Value.Met, Math.Round((double)x.Value.Met / x.Value.Applied, 4)))]);
    }
}
