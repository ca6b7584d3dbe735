using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;

namespace Containarium.Core.Migration
{
    /// <summary>
    /// A fixed ring buffer between the source's stdout pump and the destination's stdin pump. The writer blocks when it
    /// is full, the reader when it is empty, so memory stays bounded whatever the two links' speeds; nothing is allocated
    /// per chunk. The bytes are hashed (SHA-256) as they pass. Either side can end it: the writer completes or faults it
    /// (the reader then sees EOF or the fault, so a partial stream never looks complete), the reader closes it (the
    /// writer's next write fails, which stops the source).
    /// </summary>
    public sealed class BoundedPipe : IDisposable
    {
        private readonly byte[] _ring;
        private readonly object _gate = new object();
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _written;
        private long _read;
        private bool _completed;
        private bool _readerClosed;
        private Exception? _fault;
        private byte[]? _digest;

        public BoundedPipe(int capacity = 8 * 1024 * 1024)
        {
            if (capacity < 4096) throw new ArgumentOutOfRangeException(nameof(capacity));
            _ring = new byte[capacity];
            Writer = new WriterStream(this);
            Reader = new ReaderStream(this);
        }

        /// <summary>The source side (a command's stdout sink).</summary>
        public Stream Writer { get; }

        /// <summary>The destination side (a command's stdin).</summary>
        public Stream Reader { get; }

        public long BytesWritten { get { lock (_gate) return _written; } }

        /// <summary>Hex SHA-256 of every byte written; available after <see cref="Complete"/>.</summary>
        public string Sha256
        {
            get
            {
                lock (_gate)
                {
                    if (_digest == null) throw new InvalidOperationException("The pipe has not completed yet.");
                    return Hex(_digest);
                }
            }
        }

        /// <summary>The source ended normally: the reader gets EOF after the buffered bytes.</summary>
        public void Complete()
        {
            lock (_gate)
            {
                if (_completed) return;
                _completed = true;
                _digest = _hash.GetHashAndReset();
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>The source failed: the reader's next read throws instead of seeing EOF.</summary>
        public void Fault(Exception error)
        {
            lock (_gate)
            {
                if (_completed) return;
                _fault = error;
                _completed = true;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>The destination stopped reading: pending and later writes fail.</summary>
        public void CloseReader()
        {
            lock (_gate)
            {
                _readerClosed = true;
                Monitor.PulseAll(_gate);
            }
        }

        private void Write(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                if (_completed) throw new InvalidOperationException("The pipe was already completed.");
                _hash.AppendData(buffer, offset, count);
                while (count > 0)
                {
                    while (_written - _read == _ring.Length && !_readerClosed) Monitor.Wait(_gate);
                    if (_readerClosed) throw new IOException("The destination stopped reading the stream.");
                    var free = _ring.Length - (int)(_written - _read);
                    var at = (int)(_written % _ring.Length);
                    var n = Math.Min(Math.Min(count, free), _ring.Length - at);
                    Buffer.BlockCopy(buffer, offset, _ring, at, n);
                    offset += n;
                    count -= n;
                    _written += n;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        private int Read(byte[] buffer, int offset, int count)
        {
            if (count == 0) return 0;
            lock (_gate)
            {
                while (_written == _read && !_completed && !_readerClosed) Monitor.Wait(_gate);
                if (_fault != null) throw new IOException("The source stream failed: " + _fault.Message, _fault);
                if (_readerClosed || _written == _read) return 0;
                var available = (int)(_written - _read);
                var at = (int)(_read % _ring.Length);
                var n = Math.Min(Math.Min(count, available), _ring.Length - at);
                Buffer.BlockCopy(_ring, at, buffer, offset, n);
                _read += n;
                Monitor.PulseAll(_gate);
                return n;
            }
        }

        internal static string Hex(byte[] digest)
        {
            var chars = new char[digest.Length * 2];
            for (var i = 0; i < digest.Length; i++)
            {
                chars[2 * i] = "0123456789abcdef"[digest[i] >> 4];
                chars[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
            }
            return new string(chars);
        }

        public void Dispose()
        {
            CloseReader();
            _hash.Dispose();
        }

        private abstract class PipeEnd : Stream
        {
            protected PipeEnd(BoundedPipe pipe) => Pipe = pipe;
            protected BoundedPipe Pipe { get; }
            public override bool CanSeek => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }

        private sealed class WriterStream : PipeEnd
        {
            public WriterStream(BoundedPipe pipe) : base(pipe) { }
            public override bool CanRead => false;
            public override bool CanWrite => true;
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => Pipe.Write(buffer, offset, count);
        }

        private sealed class ReaderStream : PipeEnd
        {
            public ReaderStream(BoundedPipe pipe) : base(pipe) { }
            public override bool CanRead => true;
            public override bool CanWrite => false;
            public override int Read(byte[] buffer, int offset, int count) => Pipe.Read(buffer, offset, count);
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
