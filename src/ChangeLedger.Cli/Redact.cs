using System.Text;
using System.Text.RegularExpressions;

namespace ChangeLedger.Cli;

/// <summary>
/// The last line of defence for secrets: options never show the key's value, and whatever still echoes user input
/// (a parse error naming a stray token, an answer quoting a header) passes through here before it is printed.
/// </summary>
public static partial class Redact
{
    public const string Mask = "***";

    [GeneratedRegex("cl_[a-z0-9]{6,}_[a-z0-9]{16,}", RegexOptions.IgnoreCase)]
    private static partial Regex LedgerKey();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")]
    private static partial Regex Jwt();

    /// <summary>The keys this invocation may know: --key's value (either spelling) and $CHANGELEDGER_KEY.</summary>
    public static IReadOnlyList<string> SecretsIn(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var secrets = new List<string>();
        if (environment("CHANGELEDGER_KEY") is { Length: > 0 } fromEnvironment) secrets.Add(fromEnvironment);
        if (environment("CHANGELEDGER_TOKEN") is { Length: > 0 } token) secrets.Add(token);
        if (environment("ACTIONS_ID_TOKEN_REQUEST_TOKEN") is { Length: > 0 } requestToken) secrets.Add(requestToken);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--key" && i + 1 < args.Count) secrets.Add(args[i + 1]);
            else if (args[i].StartsWith("--key=", StringComparison.Ordinal)) secrets.Add(args[i]["--key=".Length..]);
        }
        return secrets.Where(s => s.Length >= 4).Distinct().ToList();
    }

    public static string Text(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return Jwt().Replace(LedgerKey().Replace(text, Mask), Mask);
    }

    /// <summary>A URL with any user:password part masked.</summary>
    public static string Url(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.UserInfo.Length > 0 ? url.Replace(parsed.UserInfo, Mask, StringComparison.Ordinal) : url;
}

/// <summary>Writes through to the real output with every known secret masked.</summary>
public sealed class RedactingWriter(TextWriter inner, IReadOnlyList<string> secrets) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(value is null ? null : Redact.Text(value, secrets));

    public override void WriteLine(string? value) => inner.WriteLine(value is null ? null : Redact.Text(value, secrets));

    public override Task WriteAsync(string? value) => inner.WriteAsync(value is null ? null : Redact.Text(value, secrets));

    public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(value is null ? null : Redact.Text(value, secrets));

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();
}
