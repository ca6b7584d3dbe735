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
    /// <summary>Runs the readiness checks of each backend (in parallel) and writes one row per check.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "CtrBackend")]
    [OutputType(typeof(CtrBackendCheck), typeof(bool))]
    public sealed class TestCtrBackendCommand : CtrCmdlet
    {
        private readonly List<string> _names = new List<string>();

        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Backend")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Write only $true when no check failed, else $false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord() => _names.AddRange(Name);

        protected override void EndProcessing()
        {
            IReadOnlyList<BackendDefinition> all;
            try { all = Engine.Inventory.List(); }
            catch (ConfigException e) { ThrowCtrError(e, Engine.Store.Path); return; }
            var selected = BackendSelection.Select(all, _names.ToArray(), (e, name) => WriteCtrError(e, name));
            var diagnostics = new BackendDiagnostics(Engine.Connector, Engine.Config.Preferences.DefaultImage);
            var runs = selected.Select(b => Task.Run(() => diagnostics.RunAsync(b, CancellationToken))).ToList();
            var results = Wait(Task.WhenAll(runs));
            var allPassed = true;
            foreach (var row in results.SelectMany(r => r))
            {
                if (row.Result == CheckResult.Fail) allPassed = false;
                if (!Quiet) WriteObject(CtrBackendCheck.From(row));
            }
            if (Quiet) WriteObject(allPassed && selected.Count > 0);
        }
    }
}
