namespace ChangeLedger.Cli;

/// <summary>
/// Every exit code changeledger uses, one meaning each (docs/ci.md has the same table). The ledger's own failures use
/// the sysexits range, so `validate` can pass a check's exit code through without it being mistaken for one of them.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The gate said no, or refused the release: the pipeline must stop, nothing is broken.</summary>
    public const int NotReady = 1;

    /// <summary>verify: the file is not a kind that can be verified offline (or the key is not a public key).</summary>
    public const int NotVerifiable = 2;

    /// <summary>verify: the file is a trail export, but it was changed, truncated, or does not verify with the key.</summary>
    public const int NotIntact = 3;

    /// <summary>audit verify: the audit report does not prove its releases complete (a signature, a root, the period's range, or consistency with a later report fails).</summary>
    public const int Incomplete = 4;

    /// <summary>validate --first: the tests passed on the base (or no test case failed there), so they do not show the change was needed; nothing recorded.</summary>
    public const int NotRedFirst = 5;

    /// <summary>validate --first: the tests failed on the head; nothing recorded.</summary>
    public const int NotGreen = 6;

    /// <summary>EX_USAGE: an unknown option, a missing or invalid argument.</summary>
    public const int Usage = 64;

    /// <summary>EX_DATAERR: the ledger refused the request (400 bad data, 404 unknown change, 409 conflict).</summary>
    public const int Refused = 65;

    /// <summary>EX_NOINPUT: a file named on the command line cannot be read.</summary>
    public const int NoInput = 66;

    /// <summary>EX_UNAVAILABLE: the ledger did not answer, or answered 5xx or 429 on every attempt.</summary>
    public const int Unavailable = 69;

    /// <summary>EX_SOFTWARE: a bug in changeledger; the message says what happened.</summary>
    public const int Internal = 70;

    /// <summary>EX_CANTCREAT: the output file cannot be written.</summary>
    public const int CannotCreate = 73;

    /// <summary>EX_PROTOCOL: something answered that is not the ledger (a proxy's error page).</summary>
    public const int Protocol = 76;

    /// <summary>EX_NOPERM: no key, an unknown or revoked key, or a key without the role (401, 403).</summary>
    public const int NoPermission = 77;

    /// <summary>EX_CONFIG: no service URL, or not an http(s) URL.</summary>
    public const int Config = 78;

    /// <summary>validate: the check could not be run because it is not executable (as a shell says).</summary>
    public const int CheckNotExecutable = 126;

    /// <summary>validate: the check could not be run because it was not found (as a shell says).</summary>
    public const int CheckNotFound = 127;

    /// <summary>The code for an answer the ledger did not accept.</summary>
    public static int ForStatus(int status) => status switch
    {
        401 or 403 => NoPermission,
        429 or >= 500 => Unavailable,
        _ => Refused,
    };
}
