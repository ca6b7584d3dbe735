using System;
using System.IO;

namespace Containarium.Core.Bootstrap
{
    /// <summary>A read-only pass-through that reports how many bytes each read returned (upload progress).</summary>
    internal sealed class ProgressStream : Stream
    {
        private readonly Stream _inner;
        private readonly Action<int> _read;

        public ProgressStream(Stream inner, Action<int> read)
        {
            _inner = inner;
            _read = read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _inner.Length;
        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = _inner.Read(buffer, offset, count);
            if (n > 0) _read(n);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
