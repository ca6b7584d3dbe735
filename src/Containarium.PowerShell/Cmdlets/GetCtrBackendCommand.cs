using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Gce;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Lists registered backends with their live state, asking all of them in parallel.</summary>
    [Cmdlet(VerbsCommon.Get, "CtrBackend")]
    [OutputType(typeof(CtrBackend))]
    public sealed class GetCtrBackendCommand : CtrCmdlet
    {
        private readonly List<string> _names = new List<string>();

        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Backend")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Only the registrations from the config file; no host is contacted.</summary>
        [Parameter]
        public SwitchParameter NoStatus { get; set; }

        /// <summary>Service-account JSON key file for reading the VM status of Compute Engine backends.</summary>
        [Parameter]
        public string? CredentialFile { get; set; }

        protected override void ProcessRecord() => _names.AddRange(Name);

        /// <summary>The VM status (and preemption) of every Compute Engine backend, fetched in parallel with the probes.</summary>
        private Dictionary<string, Task<GceInstanceState>> GceStates(IReadOnlyList<BackendDefinition> selected)
        {
            var result = new Dictionary<string, Task<GceInstanceState>>(StringComparer.OrdinalIgnoreCase);
            var withVm = selected.Where(b => b.Gce != null).ToList();
            if (withVm.Count == 0) return result;
            var keyFile = string.IsNullOrEmpty(CredentialFile) ? null : GetUnresolvedProviderPathFromPSPath(CredentialFile);
            _gce = GceClient.FromEnvironment(keyFile);
            foreach (var b in withVm)
            {
                var id = b.Gce!;
                result[b.Name] = Task.Run(() => _gce.GetInstanceStateAsync(id.Project, id.Zone, id.Instance, CancellationToken));
            }
            return result;
        }

        private GceClient? _gce;

        protected override void EndProcessing()
        {
            IReadOnlyList<BackendDefinition> all;
            try { all = Engine.Inventory.List(); }
            catch (ConfigException e) { ThrowCtrError(e, Engine.Store.Path); return; }

            var selected = BackendSelection.Select(all, _names.ToArray(), (e, name) => WriteCtrError(e, name));
            if (NoStatus)
            {
                foreach (var d in selected) WriteObject(CtrBackend.FromDefinition(d));
                return;
            }

            var probes = new BackendProbe(Engine.Connector).Start(selected, CancellationToken);
            var gce = GceStates(selected);
            using var disposeGce = _gce;
            var statuses = Wait(Task.WhenAll(probes));
            foreach (var status in statuses.OrderBy(s => s.Definition.Name, StringComparer.OrdinalIgnoreCase))
            {
                var output = CtrBackend.FromStatus(status);
                if (gce.TryGetValue(status.Definition.Name, out var vm))
                {
                    try { output.WithGce(Wait(vm)); }
                    catch (GceException e) { WriteWarning($"Could not read the VM status of backend '{status.Definition.Name}': {e.Message}"); }
                }
                WriteObject(output);
                // A stopped or preempted VM is not an error: its state says why the host does not answer.
                if (status.Error != null && output.GceStatus != null && output.GceStatus != "RUNNING") continue;
                if (status.Error != null) WriteCtrError(status.Error, status.Definition.Name);
            }
        }
    }
}
