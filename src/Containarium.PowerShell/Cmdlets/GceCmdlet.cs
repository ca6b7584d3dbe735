using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Gce;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that talk to Compute Engine. Credentials: <c>$env:CONTAINARIUM_GCE_ACCESS_TOKEN</c>, else
    /// -CredentialFile (service-account JSON), else application default credentials. <c>$env:CONTAINARIUM_GCE_ENDPOINT</c>
    /// replaces the API base URL. Engine progress (never a token) becomes verbose output and a progress bar.
    /// </summary>
    public abstract class GceCmdlet : CtrCmdlet
    {
        private readonly ConcurrentQueue<string> _progress = new ConcurrentQueue<string>();
        private GceBackendManager? _manager;

        /// <summary>Service-account JSON key file.</summary>
        [Parameter]
        public string? CredentialFile { get; set; }

        protected abstract string Activity { get; }

        internal GceBackendManager Manager
        {
            get
            {
                if (_manager != null) return _manager;
                var keyFile = string.IsNullOrEmpty(CredentialFile) ? null : GetUnresolvedProviderPathFromPSPath(CredentialFile);
                var client = GceClient.FromEnvironment(keyFile, _progress.Enqueue);
                var connector = Engine.Connector;
                _manager = new GceBackendManager(client, Engine.Inventory, (b, ct) => new BackendProbe(connector).ProbeAsync(b, ct))
                {
                    Progress = _progress.Enqueue,
                };
                return _manager;
            }
        }

        /// <summary>The registered backend with a Compute Engine VM, or null after writing why not (not found, no VM).</summary>
        internal BackendDefinition? GceBackend(string name, string hint)
        {
            BackendDefinition backend;
            try
            {
                backend = Engine.Inventory.Get(name);
            }
            catch (Exception e) when (e is BackendNotFoundException || e is ConfigException)
            {
                WriteCtrError(e, name);
                return null;
            }
            if (backend.Gce != null) return backend;
            WriteCtrError("CtrNotGceBackend", ErrorCategory.InvalidOperation, $"Backend '{backend.Name}' has no Compute Engine VM ({hint}).", name);
            return null;
        }

        /// <summary>Waits for engine work on the pipeline thread, writing its progress as it comes; Ctrl+C cancels.</summary>
        protected T Pump<T>(Task<T> task, string target)
        {
            var record = new ProgressRecord(Math.Abs(Activity.GetHashCode() % 10000), Activity, target);
            try
            {
                while (!EngineWait.Within(task, 250, CancellationToken)) Flush(record);
                Flush(record);
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                record.RecordType = ProgressRecordType.Completed;
                WriteProgress(record);
            }
        }

        private void Flush(ProgressRecord record)
        {
            string? last = null;
            while (_progress.TryDequeue(out var line))
            {
                WriteVerbose(line);
                last = line;
            }
            if (last == null) return;
            record.StatusDescription = last.Length > 100 ? last.Substring(0, 100) : last;
            WriteProgress(record);
        }

        protected override void EndProcessing()
        {
            _manager?.Client.Dispose();
            base.EndProcessing();
        }
    }
}
