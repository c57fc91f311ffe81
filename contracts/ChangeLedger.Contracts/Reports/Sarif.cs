using System.Globalization;
using System.Text.Json;
using ChangeLedger.Contracts;

namespace ChangeLedger.Contracts.Reports;

/// <summary>
/// A SARIF 2.1.0 log, streamed: per run, the tool's name, its rules' default levels (and CodeQL-style
/// security-severity), and each result's rule and level. A result without a level takes its rule's default level,
/// else "warning"; one whose kind is not "fail" is level "none" (SARIF §3.27.10). Only counts per rule and level are
/// kept, so memory grows with the number of rules, not of results.
/// </summary>
/// <remarks>
/// The acceptance criteria a log names (docs/policy.md, criteria-covered): a tag <c>criterion:AC-2</c> in the
/// <c>properties.tags</c> of a rule (the driver's or an extension's: CodeQL writes a query's <c>@tags</c> there) or
/// of a result. Other tags (<c>security</c>, <c>external/cwe/cwe-079</c>) name none.
/// </remarks>
public sealed class Sarif
{
    private readonly Dictionary<(string Rule, string Level), int> _counts = [];
    private readonly Dictionary<string, double> _severities = new(StringComparer.Ordinal);
    private readonly List<string> _tools = [];
    private readonly List<string> _criteria = [];
    private string? _version;

    private const string CriterionTag = "criterion:";

    // The run being read.
    private readonly List<string?> _ruleIds = [];
    private readonly Dictionary<string, string> _defaults = new(StringComparer.Ordinal);
    private readonly Dictionary<(string? Rule, int? Index, string? Level, string? Kind), int> _pending = [];
    private (string? Id, string? Level, double? Severity) _rule;
    private (string? Rule, int? Index, string? Level, string? Kind) _result;

    public static StaticAnalysisSummary Summarise(Stream log) => Read(log).AsStaticAnalysis();

    /// <summary>The criterion ids the log's rules and results are tagged with (criterion:AC-2), in order of first mention.</summary>
    public IReadOnlyList<string> Criteria => [.. _criteria.Distinct(StringComparer.Ordinal)];

    public StaticAnalysisSummary AsStaticAnalysis()
    {
        int Level(string level) => _counts.Where(c => c.Key.Level == level).Sum(c => c.Value);
        return new StaticAnalysisSummary(Tool, Level("error"), Level("warning"), Level("note"), Level("none"),
            Top(_counts.Select(c => (c.Key.Rule, c.Key.Level, c.Value))), Format);
    }

    /// <summary>
    /// The same log read as a security scan: a rule's security-severity (a CVSS score, as CodeQL and most scanners write
    /// it) gives critical ≥ 9, high ≥ 7, medium ≥ 4, else low; without one, error is high, warning medium, note low.
    /// Results of level none are not findings.
    /// </summary>
    public static SecurityScanSummary SummariseAsSecurityScan(Stream log) => Read(log).AsSecurityScan();

    public SecurityScanSummary AsSecurityScan()
    {
        var bySeverity = _counts.Where(c => c.Key.Level != "none")
            .Select(c => (c.Key.Rule, Severity: Severity(c.Key.Rule, c.Key.Level), Count: c.Value))
            .GroupBy(c => (c.Rule, c.Severity)).Select(g => (g.Key.Rule, Level: g.Key.Severity, Count: g.Sum(c => c.Count))).ToList();
        int Count(string severity) => bySeverity.Where(c => c.Level == severity).Sum(c => c.Count);
        return new SecurityScanSummary(Tool, Count("critical"), Count("high"), Count("medium"), Count("low"), Top(bySeverity), Format);
    }

    private string Tool => _tools.Count == 0 ? "unknown" : string.Join(", ", _tools.Distinct());

    private string Format => "sarif-" + (_version ?? "unknown");

    /// <summary>Reads the whole log once; summarise it as a static analysis or a security scan, and take its criteria.</summary>
    public static Sarif Read(Stream log)
    {
        var sarif = new Sarif();
        JsonWalk.Run(log, sarif.Visit);
        if (sarif._version is null) throw new ReportException("not a SARIF log: it has no top-level \"version\".");
        if (!sarif._version.StartsWith("2.", StringComparison.Ordinal)) throw new ReportException($"SARIF version {sarif._version} is not read; only 2.x (2.1.0).");
        return sarif;
    }

    private string Severity(string rule, string level) =>
        _severities.TryGetValue(rule, out var score)
            ? score >= 9 ? "critical" : score >= 7 ? "high" : score >= 4 ? "medium" : "low"
            : level switch { "error" => "high", "warning" => "medium", _ => "low" };

    private static List<RuleFindings> Top(IEnumerable<(string Rule, string Level, int Count)> counts) =>
        [.. counts.OrderByDescending(c => c.Count).ThenBy(c => c.Rule, StringComparer.Ordinal).ThenBy(c => c.Level, StringComparer.Ordinal)
            .Take(100).Select(c => new RuleFindings(c.Rule, c.Level, c.Count))];

    private void Visit(string path, ref Utf8JsonReader reader)
    {
        var token = reader.TokenType;
        switch (path)
        {
            case "$.version" when token == JsonTokenType.String: _version = reader.GetString(); break;
            case "$.runs[]" when token == JsonTokenType.EndObject: EndRun(); break;
            case "$.runs[].tool.driver.name" when token == JsonTokenType.String: _tools.Add(reader.GetString()!); break;
            case "$.runs[].tool.driver.rules[]" or "$.runs[].tool.extensions[].rules[]":
                if (token == JsonTokenType.StartObject) _rule = default;
                else if (token == JsonTokenType.EndObject) EndRule(path.StartsWith("$.runs[].tool.driver", StringComparison.Ordinal));
                break;
            case "$.runs[].tool.driver.rules[].id" or "$.runs[].tool.extensions[].rules[].id": _rule.Id = reader.GetString(); break;
            case "$.runs[].tool.driver.rules[].defaultConfiguration.level" or "$.runs[].tool.extensions[].rules[].defaultConfiguration.level":
                _rule.Level = reader.GetString();
                break;
            case "$.runs[].tool.driver.rules[].properties.security-severity" or "$.runs[].tool.extensions[].rules[].properties.security-severity":
                _rule.Severity = token == JsonTokenType.Number ? reader.GetDouble()
                    : double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null;
                break;
            case "$.runs[].results[]":
                if (token == JsonTokenType.StartObject) _result = default;
                else if (token == JsonTokenType.EndObject) _pending[_result] = _pending.GetValueOrDefault(_result) + 1;
                break;
            case "$.runs[].results[].ruleId" when token == JsonTokenType.String: _result.Rule = reader.GetString(); break;
            case "$.runs[].results[].rule.id" when token == JsonTokenType.String: _result.Rule ??= reader.GetString(); break;
            case "$.runs[].results[].ruleIndex" when token == JsonTokenType.Number: _result.Index = reader.GetInt32(); break;
            case "$.runs[].results[].level" when token == JsonTokenType.String: _result.Level = reader.GetString(); break;
            case "$.runs[].results[].kind" when token == JsonTokenType.String: _result.Kind = reader.GetString(); break;
            case "$.runs[].tool.driver.rules[].properties.tags[]" or "$.runs[].tool.extensions[].rules[].properties.tags[]" or "$.runs[].results[].properties.tags[]"
                when token == JsonTokenType.String && Criterion(ref reader) is { } id:
                _criteria.Add(id);
                break;
        }
    }

    /// <summary>The id a criterion:ID tag names; any other tag is left unread (a tag on every result of a large log allocates nothing).</summary>
    private static string? Criterion(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.ValueSpan.StartsWith("criterion:"u8)) return null;
        var tag = reader.GetString()!;
        return tag.StartsWith(CriterionTag, StringComparison.Ordinal) && tag[CriterionTag.Length..].Trim() is { Length: > 0 } id ? id : null;
    }

    private void EndRule(bool driver)
    {
        // ruleIndex points into the driver's rules only.
        if (driver) _ruleIds.Add(_rule.Id);
        if (_rule.Id is not { } id) return;
        if (_rule.Level is { } level) _defaults[id] = level;
        if (_rule.Severity is { } severity) _severities[id] = severity;
    }

    private void EndRun()
    {
        foreach (var ((rule, index, level, kind), count) in _pending)
        {
            var id = rule ?? (index is { } i && i >= 0 && i < _ruleIds.Count ? _ruleIds[i] : null) ?? "(no rule)";
            var resolved = level ?? (kind is not null and not "fail" ? "none" : _defaults.GetValueOrDefault(id, "warning"));
            _counts[(id, resolved)] = _counts.GetValueOrDefault((id, resolved)) + count;
        }
        _pending.Clear();
        _ruleIds.Clear();
        _defaults.Clear();
    }
}
