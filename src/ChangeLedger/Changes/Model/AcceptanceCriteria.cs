using System.Text.RegularExpressions;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>
/// A change's acceptance criteria as identified items. A proposal's plain list reads as AC-1, AC-2… in order (so every
/// proposal ever stored has ids); a client may name its own. A revision adds, rewords or drops them; an id is never
/// reused, so evidence that named a dropped criterion never covers a new one.
/// </summary>
public static partial class AcceptanceCriteria
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
    public static partial Regex IdPattern();

    public static IReadOnlyList<AcceptanceCriterion>? Of(ChangeProposed p, long version) =>
        p.AcceptanceCriteria.Count == 0
            ? null
            : [.. p.AcceptanceCriteria.Select((text, i) => new AcceptanceCriterion(p.CriterionIds?.ElementAtOrDefault(i) ?? $"AC-{i + 1}", text, version))];

    public static IReadOnlyList<AcceptanceCriterion> Apply(IReadOnlyList<AcceptanceCriterion>? criteria, AcceptanceCriteriaRevised r, long version)
    {
        var reworded = r.Reworded.ToDictionary(c => c.Id, c => c.Text);
        return
        [
            .. (criteria ?? []).Select(c =>
                c.DroppedVersion is null && r.Dropped.Contains(c.Id) ? c with { DroppedVersion = version }
                : c.DroppedVersion is null && reworded.TryGetValue(c.Id, out var text) ? c with { Text = text, Version = version }
                : c),
            .. r.Added.Select(a => new AcceptanceCriterion(a.Id, a.Text, version)),
        ];
    }

    public static IEnumerable<AcceptanceCriterion> Current(Evidence evidence) => (evidence.Criteria ?? []).Where(c => c.DroppedVersion is null);

    /// <summary>The criteria a revision leaves: what the proposal and each revision since said.</summary>
    public static Decision Revise(Change change, CriteriaRevisionBody body, string revisedBy, DateTimeOffset at)
    {
        var all = change.Evidence.Criteria ?? [];
        var current = Current(change.Evidence).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = (body.Reword ?? []).Select(r => r.Id!).Concat(body.Drop ?? []).Where(id => !current.Contains(id)).Distinct().ToList();
        if (unknown.Count > 0) return UnknownCriteria(change, unknown);
        var taken = all.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var next = all.Count + 1;
        var added = new List<CriterionText>();
        foreach (var a in body.Add ?? [])
        {
            var id = a.Id;
            if (id is null)
            {
                do id = $"AC-{next++}"; while (taken.Contains(id));
            }
            else if (taken.Contains(id))
                return Problem.Conflict("criterion-exists", "The criterion id is taken",
                    $"Change '{change.Id}' already has (or once had) criterion {id}; an id is never reused. Reword it, or add the new one under another id.");
            taken.Add(id!);
            added.Add(new CriterionText(id!, a.Text!));
        }
        return Decision.Of(new AcceptanceCriteriaRevised(change.Id, added, [.. (body.Reword ?? []).Select(r => new CriterionText(r.Id!, r.Text!))],
            [.. body.Drop ?? []], revisedBy, at));
    }

    /// <summary>Evidence may claim only criteria the change has now: a typo or a dropped id would otherwise prove nothing, silently.</summary>
    public static Problem? Unclaimable(Change change, IReadOnlyList<string>? claimed)
    {
        if (claimed is null) return null;
        var current = Current(change.Evidence).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = claimed.Where(id => !current.Contains(id)).Distinct().ToList();
        return unknown.Count == 0 ? null : UnknownCriteria(change, unknown);
    }

    private static Problem UnknownCriteria(Change change, IReadOnlyList<string> unknown)
    {
        var current = Current(change.Evidence).Select(c => c.Id).ToList();
        return new(422, "unknown-criterion", "No such acceptance criterion",
            $"Change '{change.Id}' has no acceptance criterion {string.Join(", ", unknown)}; " +
            (current.Count == 0 ? "it has none." : $"it has {string.Join(", ", current)}."));
    }

    /// <summary>The request rules for a list of criterion ids (claims, drops).</summary>
    public static Validation Ids(this Validation v, string field, IReadOnlyList<string>? ids)
    {
        v.List(field, ids, 40);
        for (var i = 0; i < (ids?.Count ?? 0); i++)
            v.Rule(ids![i] is null || IdPattern().IsMatch(ids[i]), $"{field}[{i}]", $"A criterion id is letters, digits, '.', '_' and '-' (up to 40), e.g. AC-3; '{ids[i]}' is not.");
        return v;
    }

    /// <summary>The request rules for criteria sent with their text; <paramref name="idRequired"/> on a proposal, where absent ids are the plain list's.</summary>
    public static Validation Texts(this Validation v, string field, IReadOnlyList<CriterionBody>? items, bool idRequired)
    {
        if (items is null) return v;
        v.Rule(items.Count <= 100, field, $"'{field}' has at most 100 items; it has {items.Count}.");
        for (var i = 0; i < items.Count && i < 100; i++)
        {
            v.Required($"{field}[{i}].text", items[i]?.Text, Validation.Text);
            if (idRequired || items[i]?.Id is not null) v.Required($"{field}[{i}].id", items[i]?.Id, 40);
            if (items[i]?.Id is { } id) v.Rule(IdPattern().IsMatch(id), $"{field}[{i}].id", $"A criterion id is letters, digits, '.', '_' and '-' (up to 40), e.g. AC-3; '{id}' is not.");
        }
        var ids = items.Where(c => c?.Id is not null).Select(c => c.Id!).ToList();
        return v.Rule(ids.Distinct().Count() == ids.Count, field, $"Each criterion id appears once in '{field}'.");
    }
}
