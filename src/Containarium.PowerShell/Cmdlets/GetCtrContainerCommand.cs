using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Lists boxes on every (or the named) backend in parallel, from each backend's own records.</summary>
    [Cmdlet(VerbsCommon.Get, "CtrContainer")]
    [OutputType(typeof(CtrContainer))]
    public sealed class GetCtrContainerCommand : CtrCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("User", "Login")]
        [SupportsWildcards]
        public string[] UserName { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Team { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string[] Backend { get; set; } = Array.Empty<string>();

        /// <summary>Only boxes on these cluster members.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(MemberNameCompleter))]
        public string[] Member { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateSet("Running", "Stopped", "Frozen", "Error", "Unavailable")]
        public string[] State { get; set; } = Array.Empty<string>();

        /// <summary>Also read live usage (memory, disk, CPU time, address) from every box: dearer.</summary>
        [Parameter]
        public SwitchParameter Detailed { get; set; }

        protected override void ProcessRecord()
        {
            IReadOnlyList<BackendDefinition> backends;
            try { backends = Engine.Inventory.List(); }
            catch (ConfigException e) { ThrowCtrError(e, Engine.Store.Path); return; }
            var selected = BackendSelection.Select(backends, Backend, (e, name) => WriteCtrError(e, name));
            var connector = Engine.Connector;
            var reads = selected.Select(b => (b, Task.Run(async () =>
            {
                var service = new BoxService(b, connector);
                var boxes = (await service.ListAsync(CancellationToken).ConfigureAwait(false)).Where(Matches).ToList();
                if (Detailed) await service.AddLiveStateAsync(boxes.Where(x => x.State == "Running"), CancellationToken).ConfigureAwait(false);
                return boxes;
            }))).ToList();

            foreach (var (backend, read) in reads)
            {
                try
                {
                    foreach (var box in Wait(read).OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase))
                    {
                        ContainerNameCompleter.Remember(box.Backend, box.Name);
                        if (box.Member != null) MemberNameCompleter.Remember(box.Backend, box.Member);
                        WriteObject(CtrContainer.From(box));
                    }
                }
                catch (Exception e) when (!(e is PipelineStoppedException))
                {
                    WriteCtrError(e, backend.Name);
                }
            }
        }

        private bool Matches(BoxInfo box) =>
            Any(Name, box.Name) && Any(UserName, box.UserName) && Any(Team, box.Team ?? "") && Any(Member, box.Member ?? "") &&
            (State.Length == 0 || State.Contains(box.State, StringComparer.OrdinalIgnoreCase));

        private static bool Any(string[] patterns, string value) => Wildcards.AnyMatch(patterns, value);
    }
}
