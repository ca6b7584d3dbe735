using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.Core.Transport
{
    /// <summary>
    /// Copy loops shared by the transports. They run on dedicated threads because the streams involved (SSH.NET's
    /// PipeStream, channel input, user streams) block; parking pool threads on them would starve the thread pool when
    /// many commands run at once. One pooled 256 KiB buffer per loop, no allocation per chunk.
    /// </summary>
    internal static class CommandIo
    {
        public const int BufferSize = 256 * 1024;

        /// <summary>Runs <paramref name="body"/> on a new background thread; the task completes when it returns or throws.</summary>
        public static Task RunDedicated(string name, Action body)
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    body();
                    done.TrySetResult(true);
                }
                catch (Exception e)
                {
                    done.TrySetException(e);
                }
            }, 256 * 1024) { IsBackground = true, Name = name };
            thread.Start();
            return done.Task;
        }

        /// <summary>Copies until the source ends. Errors of either side propagate. Returns the byte count.</summary>
        public static long Copy(Stream source, Stream destination)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                long total = 0;
                int n;
                while ((n = source.Read(buffer, 0, BufferSize)) > 0)
                {
                    destination.Write(buffer, 0, n);
                    total += n;
                }
                destination.Flush();
                return total;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>
        /// Feeds a command's stdin. Source errors propagate (the caller must abort the command: partial input must not look
        /// complete). Destination errors mean the command stopped reading (it exited or closed stdin) and just end the copy.
        /// Returns the number of bytes delivered.
        /// </summary>
        public static long FeedInput(Stream source, Stream destination, Func<bool> stop)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                long total = 0;
                while (!stop())
                {
                    var n = source.Read(buffer, 0, BufferSize);
                    if (n <= 0) break;
                    try
                    {
                        destination.Write(buffer, 0, n);
                    }
                    // A SocketException here is the link dropping under the write: the command's own result says so.
                    catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is InvalidOperationException || e is Renci.SshNet.Common.SshException ||
                                              e is System.Net.Sockets.SocketException)
                    {
                        break;
                    }
                    total += n;
                }
                return total;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>Reads a stream to its end, keeping only the last <see cref="TailBuffer.Capacity"/> bytes.</summary>
        public static void DrainInto(Stream source, TailBuffer tail)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                int n;
                while ((n = source.Read(buffer, 0, BufferSize)) > 0) tail.Append(buffer, n);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        public static string DecodeUtf8(MemoryStream captured) =>
            Encoding.UTF8.GetString(captured.GetBuffer(), 0, checked((int)captured.Length));

        /// <summary>Unix convention for a process killed by a signal: 128 + signal number (Linux numbering).</summary>
        public static int ExitCodeForSignal(string? signal)
        {
            switch (signal)
            {
                case "HUP": return 129;
                case "INT": return 130;
                case "QUIT": return 131;
                case "ILL": return 132;
                case "ABRT": return 134;
                case "FPE": return 136;
                case "KILL": return 137;
                case "USR1": return 138;
                case "SEGV": return 139;
                case "USR2": return 140;
                case "PIPE": return 141;
                case "ALRM": return 142;
                case "TERM": return 143;
                default: return -1;
            }
        }
    }

    /// <summary>Keeps the last <see cref="Capacity"/> bytes written (stderr capture with a cap).</summary>
    internal sealed class TailBuffer
    {
        public const int Capacity = 64 * 1024;
        private readonly byte[] _ring = new byte[Capacity];
        private readonly object _sync = new object();
        private long _total;

        public void Append(byte[] data, int count)
        {
            lock (_sync)
            {
                var offset = 0;
                if (count > Capacity)
                {
                    offset = count - Capacity;
                    _total += offset;
                    count = Capacity;
                }
                while (count > 0)
                {
                    var at = (int)(_total % Capacity);
                    var n = Math.Min(count, Capacity - at);
                    Buffer.BlockCopy(data, offset, _ring, at, n);
                    offset += n;
                    count -= n;
                    _total += n;
                }
            }
        }

        public override string ToString()
        {
            lock (_sync)
            {
                if (_total <= Capacity) return Encoding.UTF8.GetString(_ring, 0, (int)_total);
                var start = (int)(_total % Capacity);
                var ordered = new byte[Capacity];
                Buffer.BlockCopy(_ring, start, ordered, 0, Capacity - start);
                Buffer.BlockCopy(_ring, 0, ordered, Capacity - start, start);
                // Skip UTF-8 continuation bytes of a character cut in half at the start.
                var skip = 0;
                while (skip < 4 && (ordered[skip] & 0xC0) == 0x80) skip++;
                return $"[{_total - Capacity + skip} earlier bytes of stderr omitted]\n" + Encoding.UTF8.GetString(ordered, skip, Capacity - skip);
            }
        }
    }

    /// <summary>A command's deadline: the caller's token plus the per-command timeout, and the translation of either into the right exception.</summary>
    internal sealed class CommandDeadline : IDisposable
    {
        private readonly CancellationToken _caller;
        private readonly CancellationTokenSource _timeout;
        private readonly CancellationTokenSource _linked;
        private readonly TaskCompletionSource<bool> _fired = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _registration;

        public CommandDeadline(TimeSpan timeout, CancellationToken caller)
        {
            if (timeout <= TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A command timeout must be positive (or infinite).");
            Timeout = timeout;
            _caller = caller;
            _timeout = new CancellationTokenSource();
            _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timeout.Token);
            _registration = _linked.Token.Register(() => _fired.TrySetResult(true));
            if (timeout != System.Threading.Timeout.InfiniteTimeSpan) _timeout.CancelAfter(timeout);
        }

        public TimeSpan Timeout { get; }
        public CancellationToken Token => _linked.Token;

        /// <summary>Completes when the caller cancels or the timeout passes.</summary>
        public Task Fired => _fired.Task;

        public bool TimedOut => _timeout.IsCancellationRequested && !_caller.IsCancellationRequested;

        /// <summary>The exception for a fired deadline: the caller's cancellation, or a <see cref="TransportFailure.CommandTimeout"/>.</summary>
        public Exception ToException(string hop, string commandLine)
        {
            if (!TimedOut) return new OperationCanceledException("The command was cancelled.", _caller);
            return new TransportException(TransportFailure.CommandTimeout, hop,
                $"Command on {hop} did not finish within {Timeout}; it was stopped: {Abbreviate(commandLine)}");
        }

        public static string Abbreviate(string commandLine) =>
            commandLine.Length <= 200 ? commandLine : commandLine.Substring(0, 200) + "…";

        public void Dispose()
        {
            _registration.Dispose();
            _linked.Dispose();
            _timeout.Dispose();
        }
    }
}
