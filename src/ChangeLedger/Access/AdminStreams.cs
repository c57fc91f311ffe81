namespace ChangeLedger.Access;

/// <summary>A document admins manage (keys, trust rules, signers, webhook subscriptions): the repositories it reaches.</summary>
public interface IAdminManaged
{
    IReadOnlyList<string> Repositories { get; }
}

/// <summary>
/// What admins may manage: a scoped admin manages only what reaches no further than its own repositories. The streams
/// they write go through <see cref="StreamWrites"/>, which checks this for the write and for the stream.
/// </summary>
public static class AdminStreams
{
    /// <summary>A scoped admin manages only what reaches no further than its own repositories.</summary>
    public static bool Manages(RepositoryScope admin, IAdminManaged managed) => Manages(admin, managed.Repositories);

    public static bool Manages(RepositoryScope admin, IReadOnlyList<string> repositories) => new RepositoryScope(repositories).IsWithin(admin);

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
}
