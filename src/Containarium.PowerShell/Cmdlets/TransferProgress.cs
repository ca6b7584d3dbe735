using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// A progress bar for one long transfer: the engine reports bytes from its own threads, the cmdlet shows them on the
    /// pipeline thread once a second while it waits.
    /// </summary>
    internal sealed class TransferProgress
    {
        private readonly string _activity;
        private readonly long _total;
        private long _bytes;

        public TransferProgress(string activity, long totalBytes)
        {
            _activity = activity;
            _total = totalBytes;
        }

        /// <summary>Give this to the engine (called from any thread).</summary>
        public void Report(long bytes) => Interlocked.Exchange(ref _bytes, bytes);

        /// <summary>Waits for <paramref name="task"/> on the pipeline thread, refreshing the bar; Ctrl+C cancels through <paramref name="ct"/>.</summary>
        public void Wait(Cmdlet cmdlet, Task task, CancellationToken ct)
        {
            try
            {
                while (!EngineWait.Within(task, 1000, ct)) cmdlet.WriteProgress(Record());
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                cmdlet.WriteProgress(new ProgressRecord(2, _activity, "done") { RecordType = ProgressRecordType.Completed });
            }
        }

        private ProgressRecord Record()
        {
            var bytes = Interlocked.Read(ref _bytes);
            var status = _total > 0
                ? string.Format(CultureInfo.InvariantCulture, "{0:N0} of {1:N0} MB", bytes / 1e6, _total / 1e6)
                : string.Format(CultureInfo.InvariantCulture, "{0:N0} MB", bytes / 1e6);
            return new ProgressRecord(2, _activity, status) { PercentComplete = _total > 0 ? (int)Math.Min(100, 100 * bytes / _total) : -1 };
        }
    }
}
