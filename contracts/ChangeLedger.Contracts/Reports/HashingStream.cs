using System.Security.Cryptography;

namespace ChangeLedger.Contracts.Reports;

/// <summary>
/// Reads a file once: what the parser reads is hashed on the way, and whatever it leaves unread is hashed when the
/// digest is taken, so the digest is always of the whole file and the file is never held in memory.
/// </summary>
public sealed class HashingStream(Stream inner) : Stream
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _sha.AppendData(buffer[..n]);
        BytesRead += n;
        return n;
    }

    /// <summary>sha256:&lt;hex&gt; of every byte of the file, reading what the parser did not.</summary>
    public string Digest()
    {
        var rest = new byte[81920];
        while (Read(rest, 0, rest.Length) > 0) { }
        return "sha256:" + Convert.ToHexStringLower(_sha.GetHashAndReset());
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha.Dispose();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>A report that is not what its command reads: the user named the wrong file or the wrong format.</summary>
public sealed class ReportException(string message) : Exception(message);

/// <summary>A summary and the digest of the file it came from.</summary>
public sealed record Summarised<T>(T Summary, string ContentDigest, long Bytes);

public static class Report
{
    /// <summary>Summarises a file in one streaming pass and digests all of it.</summary>
    public static Summarised<T> Read<T>(Stream file, Func<Stream, T> summarise)
    {
        using var hashing = new HashingStream(file);
        var summary = summarise(hashing);
        var digest = hashing.Digest();
        return new Summarised<T>(summary, digest, hashing.BytesRead);
    }
}
