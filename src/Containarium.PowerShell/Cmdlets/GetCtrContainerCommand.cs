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
        [ValidateSet("Running", "Stopped", "Frozen", "Error", "Unavailable", "Stale")]
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
            // The other backends are read too (quietly): a restored box elsewhere is what makes a box here a stale copy.
            var others = backends.Where(b => !selected.Any(s => string.Equals(s.Name, b.Name, StringComparison.OrdinalIgnoreCase))).ToList();
            var reads = selected.Concat(others).Select(b => (b, Task.Run(async () =>
            {
                var service = new BoxService(b, connector);
                return (await service.ListAsync(CancellationToken).ConfigureAwait(false)).Where(MatchesIdentity).ToList();
            }))).ToList();

            var listed = new List<(BackendDefinition Backend, List<BoxInfo> Boxes)>();
            foreach (var (backend, read) in reads.Where(r => selected.Contains(r.b)))
            {
                try { listed.Add((backend, Wait(read))); }
                catch (Exception e) when (!(e is PipelineStoppedException)) { WriteCtrError(e, backend.Name); }
            }
            // The others only tell whether a box here was restored elsewhere: a slow or unreachable one must not hold the
            // listing up for its connect timeout. What has not answered within a short grace is left out (and said so).
            var rest = reads.Where(r => !selected.Contains(r.b)).ToList();
            Wait(Task.WhenAny(Task.WhenAll(rest.Select(r => (Task)r.Item2)), Task.Delay(OthersGrace, CancellationToken)));
            foreach (var (backend, read) in rest)
            {
                if (read.Status == TaskStatus.RanToCompletion) listed.Add((backend, read.Result));
                else if (!read.IsCompleted) WriteVerbose($"{backend.Name} did not answer within {OthersGrace.TotalSeconds:0} s: boxes restored there are not recognised as stale copies here in this listing.");
            }
            var stale = new HashSet<BoxInfo>(StaleCopies.Mark(listed.SelectMany(l => l.Boxes)));
            foreach (var (backend, boxes) in listed.Where(l => selected.Contains(l.Backend)))
            {
                try
                {
                    foreach (var box in boxes.Where(b => stale.Contains(b)))
                    {
                        try { if (Wait(new StaleCopyGuard(connector).SecureAsync(box, backend, CancellationToken)) is string did) WriteWarning(did); }
                        catch (Exception e) when (!(e is PipelineStoppedException))
                        {
                            WriteWarning($"Box '{box.Name}' on {box.Location} is a stale copy of {box.SupersededBy}, but securing it failed: {e.Message}. Stop it with Stop-CtrContainer -Backend {box.Backend} -Name {box.Name} -Force.");
                        }
                    }
                    var shown = boxes.Where(Matches).ToList();
                    if (Detailed) Wait(LiveStateAsync(new BoxService(backend, connector), shown));
                    foreach (var box in shown.OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase))
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

        private static readonly TimeSpan OthersGrace = TimeSpan.FromSeconds(3);

        private async Task<bool> LiveStateAsync(BoxService service, IEnumerable<BoxInfo> boxes)
        {
            await service.AddLiveStateAsync(boxes.Where(x => x.State == "Running"), CancellationToken).ConfigureAwait(false);
            return true;
        }

        private bool MatchesIdentity(BoxInfo box) => Any(Name, box.Name) && Any(UserName, box.UserName);

        private bool Matches(BoxInfo box) =>
            Any(Team, box.Team ?? "") && Any(Member, box.Member ?? "") &&
            (State.Length == 0 || State.Contains(box.State, StringComparer.OrdinalIgnoreCase));

        private static bool Any(string[] patterns, string value) => Wildcards.AnyMatch(patterns, value);
    }
}
