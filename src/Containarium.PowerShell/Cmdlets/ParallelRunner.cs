using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Runs pipeline rows concurrently (up to a throttle, and up to a cap per backend) while every output, error,
    /// warning and progress record is written on the pipeline thread, as PowerShell requires. Workers only queue
    /// records; the cmdlet drains them in ProcessRecord (without blocking) and in EndProcessing (until all finish).
    /// </summary>
    internal sealed class ParallelRunner : IDisposable
    {
        private readonly BlockingCollection<Action<Cmdlet>> _records = new BlockingCollection<Action<Cmdlet>>();
        private readonly SemaphoreSlim _throttle;
        private readonly int _perBackend;
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _backendSlots = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.OrdinalIgnoreCase);
        private readonly CancellationToken _ct;
        private readonly ConcurrentBag<Task> _tasks = new ConcurrentBag<Task>();
        private int _pending;

        public ParallelRunner(int throttleLimit, int perBackendLimit, CancellationToken ct)
        {
            _throttle = new SemaphoreSlim(Math.Max(1, throttleLimit));
            _perBackend = Math.Max(1, perBackendLimit);
            _ct = ct;
        }

        public int Started { get; private set; }
        public int Completed { get; private set; }

        /// <summary>Starts <paramref name="work"/> when a global slot and a slot for its backend are free.</summary>
        public void Post(string backend, Func<IRecordSink, CancellationToken, Task> work)
        {
            Interlocked.Increment(ref _pending);
            Started++;
            var slot = _backendSlots.GetOrAdd(backend, _ => new SemaphoreSlim(_perBackend));
            var sink = new Sink(_records);
            _tasks.Add(Task.Run(async () =>
            {
                try
                {
                    await _throttle.WaitAsync(_ct).ConfigureAwait(false);
                    try
                    {
                        await slot.WaitAsync(_ct).ConfigureAwait(false);
                        try { await work(sink, _ct).ConfigureAwait(false); }
                        finally { slot.Release(); }
                    }
                    finally { _throttle.Release(); }
                }
                catch (OperationCanceledException) when (_ct.IsCancellationRequested) { }
                catch (Exception e)
                {
                    sink.Error(ErrorMapper.ToRecord(e, null));
                }
                finally
                {
                    _records.Add(c => Completed++);
                    if (Interlocked.Decrement(ref _pending) == 0) _records.Add(_ => { });
                }
            }));
        }

        /// <summary>
        /// Waits (bounded) for every worker to end, e.g. after the pipeline stopped on an error: cancelled workers roll
        /// back what they made, and the command must not return while that is still going on.
        /// </summary>
        public void WaitForWorkers(TimeSpan timeout)
        {
            try { Task.WaitAll(_tasks.ToArray(), timeout); }
            catch (AggregateException) { } // each worker already turned its failure into a record
        }

        /// <summary>Writes what is queued. With <paramref name="untilDone"/>, blocks until every posted row finished.</summary>
        public void Drain(Cmdlet cmdlet, bool untilDone, Action? afterEach = null)
        {
            while (true)
            {
                Action<Cmdlet>? record;
                if (untilDone)
                {
                    if (Volatile.Read(ref _pending) == 0 && _records.Count == 0) return;
                    try
                    {
                        if (!_records.TryTake(out record, 200, _ct)) continue;
                    }
                    catch (OperationCanceledException)
                    {
                        throw new PipelineStoppedException();
                    }
                }
                else if (!_records.TryTake(out record)) return;
                record(cmdlet);
                afterEach?.Invoke();
            }
        }

        public void Dispose()
        {
            // A worker still running (its wait ran out) holds the semaphores; leave them to the GC then.
            if (Volatile.Read(ref _pending) > 0) return;
            _throttle.Dispose();
            foreach (var s in _backendSlots.Values) s.Dispose();
        }

        private sealed class Sink : IRecordSink
        {
            private readonly BlockingCollection<Action<Cmdlet>> _records;
            public Sink(BlockingCollection<Action<Cmdlet>> records) => _records = records;
            public void Output(object value) => _records.Add(c => c.WriteObject(value));
            public void Error(ErrorRecord record) => _records.Add(c => c.WriteError(record));
            public void Warning(string message) => _records.Add(c => c.WriteWarning(message));
            public void Verbose(string message) => _records.Add(c => c.WriteVerbose(message));
        }
    }

    /// <summary>What a worker may emit; everything lands on the pipeline thread.</summary>
    internal interface IRecordSink
    {
        void Output(object value);
        void Error(ErrorRecord record);
        void Warning(string message);
        void Verbose(string message);
    }
}
