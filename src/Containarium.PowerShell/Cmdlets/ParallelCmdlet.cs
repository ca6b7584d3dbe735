using System;
using System.Management.Automation;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that run their rows on a <see cref="ParallelRunner"/>: queued records are written on the pipeline
    /// thread, the end drains every row and closes the progress bar, and there is one rule for stopping early. Ctrl+C, or
    /// an error record that ends the pipeline (-ErrorAction Stop), cancels the rows in flight, and the command does not
    /// return (Dispose) until they have finished or rolled back: none is left half made, or with a source stopped.
    /// </summary>
    public abstract class ParallelCmdlet : CtrCmdlet
    {
        internal ParallelRunner? Runner { get; set; }

        /// <summary>How long Dispose waits for cancelled rows to roll back.</summary>
        protected virtual TimeSpan RollbackWait => TimeSpan.FromSeconds(120);

        /// <summary>Writes the progress record for the rows so far (called after each queued record is written).</summary>
        protected abstract void ReportProgress();

        /// <summary>Writes what the workers queued, without waiting (from ProcessRecord).</summary>
        protected void WriteQueued() => Runner?.Drain(this, untilDone: false, ReportProgress);

        protected override void EndProcessing()
        {
            if (Runner == null) return;
            Runner.Drain(this, untilDone: true, ReportProgress);
            WriteProgress(new ProgressRecord(1, MyInvocation.MyCommand.Name, "done") { RecordType = ProgressRecordType.Completed });
        }

        protected override void OnDisposing()
        {
            Runner?.WaitForWorkers(RollbackWait);
            Runner?.Dispose();
        }
    }
}
