using System;
using System.IO;
using System.Security.Cryptography;

namespace Containarium.SshLab
{
    /// <summary>Base for write-only sinks: only Write is left to implement.</summary>
    public abstract class WriteOnlySink : Stream
    {
        public long Count { get; protected set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Count;
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Counts and discards (as fast as /dev/null).</summary>
    public sealed class CountingSink : WriteOnlySink
    {
        public override void Write(byte[] buffer, int offset, int count) => Count += count;
    }

    /// <summary>Hashes (SHA-256) and counts what it receives.</summary>
    public sealed class HashingSink : WriteOnlySink
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string Sha256Hex() => Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant();

        public override void Write(byte[] buffer, int offset, int count)
        {
            _hash.AppendData(buffer, offset, count);
            Count += count;
        }
    }

    /// <summary>Base for read-only sources: only Read is left to implement.</summary>
    public abstract class ReadOnlySource : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>N zero bytes without holding them in memory.</summary>
    public sealed class ZeroSource : ReadOnlySource
    {
        private long _left;

        public ZeroSource(long length) => _left = length;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            Array.Clear(buffer, offset, n);
            _left -= n;
            return n;
        }
    }

    /// <summary>Gives some bytes, then fails (a broken upload source).</summary>
    public sealed class FailingSource : ReadOnlySource
    {
        private long _left;

        public FailingSource(long bytesBeforeFailure) => _left = bytesBeforeFailure;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left <= 0) throw new IOException("source broke");
            var n = (int)Math.Min(count, _left);
            Array.Fill(buffer, (byte)'a', offset, n);
            _left -= n;
            return n;
        }
    }
}
