using System;
using System.IO;
using System.Security.Cryptography;

namespace Containarium.Core.Migration
{
    /// <summary>A write-only pass-through that hashes (SHA-256) and counts what is written to the inner stream.</summary>
    internal sealed class HashingStream : Stream
    {
        private readonly Stream _inner;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public HashingStream(Stream inner) => _inner = inner;

        public long BytesWritten { get; private set; }

        /// <summary>Hex SHA-256 of everything written so far (call once, at the end).</summary>
        public string Finish() => BoundedPipe.Hex(_hash.GetHashAndReset());

        public override void Write(byte[] buffer, int offset, int count)
        {
            _inner.Write(buffer, offset, count);
            _hash.AppendData(buffer, offset, count);
            BytesWritten += count;
        }

        /// <summary>SHA-256 of a whole file, read with a large buffer.</summary>
        public static string OfFile(string path)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
            using var sha = SHA256.Create();
            return BoundedPipe.Hex(sha.ComputeHash(file));
        }

        public override void Flush() => _inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => BytesWritten;
        public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
