using Marten;
using JasperFx.Events;

namespace ChangeLedger.Access;

/// <summary>A document admins manage (keys, trust rules, signers, webhook subscriptions): the repositories it reaches.</summary>
public interface IAdminManaged
{
    IReadOnlyList<string> Repositories { get; }
}

/// <summary>
/// The one write path of the streams admins manage. The stream is opened under its lock (the advisory lock also covers
/// a stream not created yet, which has no row for FetchForExclusiveWriting to lock), so two admins queue instead of
/// overwriting each other; a stream that reaches beyond the admin's repositories is unknown to it, in writes as in
/// reads; what a decision records is appended as the admin and answered from the document it leaves: 201 with its
/// location when the stream is new, else 200.
/// </summary>
public static class AdminStreams
{
    /// <summary>A scoped admin manages only what reaches no further than its own repositories.</summary>
    public static bool Manages(RepositoryScope admin, IAdminManaged managed) => new RepositoryScope(managed.Repositories).IsWithin(admin);

    /// <summary>
    /// What an admin asks a key, rule, signer or subscription to reach: each repository pattern well formed, and none
    /// beyond the admin's own repositories (no admin grants more than it holds).
    /// </summary>
    public static Validation Reach(this Validation v, IReadOnlyList<string>? patterns, RepositoryScope admin, string whose = "the caller's")
    {
        foreach (var pattern in patterns ?? [])
        {
            if (RepositoryScope.Check(pattern) is { } problem) v.Add("repositories", problem);
            else if (!new RepositoryScope([pattern]).IsWithin(admin))
                v.Add("repositories", $"'{pattern}' reaches beyond {whose} own repositories.");
        }
        return v;
    }

    /// <summary>The stream locked for this write (its aggregate null when new), or null when the caller may not manage it.</summary>
    public static async Task<IEventStream<T>?> Open<T>(IDocumentSession session, string key, Caller caller, CancellationToken ct)
        where T : class, IAdminManaged
    {
        await StreamLocks.Take(session, [key], ct);
        var stream = await session.Events.FetchForExclusiveWriting<T>(key, ct);
        return stream.Aggregate is { } existing && !Manages(caller.Scope, existing) ? null : stream;
    }

    /// <summary>Appends <paramref name="events"/> as the caller, saves, and answers with the document they leave.</summary>
    public static async Task<WriteOutcome> Commit<T>(IDocumentSession session, IEventStream<T> stream, Caller caller, IReadOnlyList<object> events,
        Func<T, object> answer, CancellationToken ct, string? location = null) where T : class, IAdminManaged
    {
        caller.ActFor(session);
        stream.AppendMany(events);
        await session.SaveChangesAsync(ct);
        var body = answer((await session.LoadAsync<T>(stream.Key!, ct))!);
        return stream.Aggregate is null ? new WriteOutcome(StatusCodes.Status201Created, body, location) : new WriteOutcome(StatusCodes.Status200OK, body);
    }
}
