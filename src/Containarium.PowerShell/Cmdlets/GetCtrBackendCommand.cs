using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
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

        protected override void ProcessRecord() => _names.AddRange(Name);

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
            var statuses = Wait(Task.WhenAll(probes));
            foreach (var status in statuses.OrderBy(s => s.Definition.Name, StringComparer.OrdinalIgnoreCase))
            {
                WriteObject(CtrBackend.FromStatus(status));
                if (status.Error != null) WriteCtrError(status.Error, status.Definition.Name);
            }
        }
    }
}
