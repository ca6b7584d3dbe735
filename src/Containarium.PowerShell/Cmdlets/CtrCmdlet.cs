using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Base of every cmdlet: a cancellation token that Ctrl+C (StopProcessing) cancels, access to the engine
    /// through <see cref="Engine"/>, and error records with stable ErrorIds.
    /// </summary>
    public abstract class CtrCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private EngineSession? _engine;

        protected CancellationToken CancellationToken => _cancel.Token;

        /// <summary>Config store, inventory and connector for this call (the config is read lazily, once).</summary>
        internal EngineSession Engine => _engine ??= new EngineSession();

        protected override void StopProcessing() => _cancel.Cancel();

        /// <summary>Blocks the pipeline thread on engine work; Ctrl+C cancels it and stops the pipeline.</summary>
        protected T Wait<T>(Task<T> task)
        {
            try
            {
                EngineWait.Within(task, Timeout.Infinite, _cancel.Token);
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected void WriteCtrError(Exception exception, object? target)
        {
            WriteError(ErrorMapper.ToRecord(exception, target));
        }

        protected void WriteCtrError(string errorId, ErrorCategory category, string message, object? target)
        {
            WriteError(new ErrorRecord(new InvalidOperationException(message), errorId, category, target));
        }

        protected void ThrowCtrError(Exception exception, object? target)
        {
            ThrowTerminatingError(ErrorMapper.ToRecord(exception, target));
        }

        /// <summary>
        /// Called when the pipeline ends, also when it was torn down by an error under -ErrorAction Stop (which does not
        /// call StopProcessing): cancels background work, then lets the cmdlet wait for it to clean up.
        /// </summary>
        public void Dispose()
        {
            _cancel.Cancel();
            OnDisposing();
            _cancel.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>Waits for cancelled background work (rollbacks) before the command returns.</summary>
        protected virtual void OnDisposing() { }
    }
}
