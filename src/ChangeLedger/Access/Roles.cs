namespace ChangeLedger.Access;

/// <summary>What a key may do. Every endpoint names the policy it needs; a key holds one or more roles.</summary>
public static class Roles
{
    public const string Ingest = "ingest";
    public const string Review = "review";
    public const string Release = "release";
    public const string Read = "read";
    public const string Export = "export";
    public const string Override = "override";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Ingest, Review, Release, Read, Export, Override, Admin];
}

/// <summary>The authorization policies endpoints declare, each satisfied by any of its roles.</summary>
public static class Permissions
{
    public const string Propose = "propose";
    public const string Record = "record";
    public const string Decide = "decide";
    public const string PlaceHold = "place-hold";
    public const string LiftHold = "lift-hold";
    public const string Ship = "ship";
    public const string Gate = "gate";
    public const string ReadChanges = "read-changes";
    public const string Export = "export";
    public const string Administer = "administer";
    public const string Ingestion = "ingestion";

    public static readonly IReadOnlyDictionary<string, string[]> RolesFor = new Dictionary<string, string[]>
    {
        // CI proposes, revises and records checks; ownership and withdrawal may come from CI or from people.
        [Propose] = [Roles.Ingest],
        [Record] = [Roles.Ingest, Roles.Review],
        [Decide] = [Roles.Review],
        [PlaceHold] = [Roles.Ingest, Roles.Review],
        [LiftHold] = [Roles.Review],
        [Ship] = [Roles.Release],
        [Gate] = [Roles.Ingest, Roles.Release, Roles.Read],
        // Every role reads what it works on; `read` alone is the read-only key for dashboards and auditors.
        [ReadChanges] = [Roles.Read, Roles.Ingest, Roles.Review, Roles.Release, Roles.Export, Roles.Admin],
        [Export] = [Roles.Export],
        [Administer] = [Roles.Admin],
        // Batches may mix kinds; each item is then checked against its own kind's permission.
        [Ingestion] = [Roles.Ingest, Roles.Review, Roles.Release],
    };
}
