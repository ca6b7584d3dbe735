using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Task.Wait for the pipeline thread without its AggregateException: the engine's own exception comes out, with its
    /// stack, so every cmdlet maps it to its ErrorId. Cancellation still surfaces as OperationCanceledException.
    /// </summary>
    internal static class EngineWait
    {
        /// <summary>True when <paramref name="task"/> ended within <paramref name="milliseconds"/> (Timeout.Infinite: until it ends).</summary>
        public static bool Within(Task task, int milliseconds, CancellationToken ct)
        {
            try
            {
                return task.Wait(milliseconds, ct);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
                throw; // not reached
            }
        }
    }
}
