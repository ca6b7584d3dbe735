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
    /// <summary>Lists the snapshots of boxes: every box of the selected backends (read in parallel), or the boxes named or piped in.</summary>
    [Cmdlet(VerbsCommon.Get, "CtrSnapshot")]
    [OutputType(typeof(CtrSnapshot))]
    public sealed class GetCtrSnapshotCommand : CtrCmdlet
    {
        /// <summary>Box names (wildcards allowed); binds the Name of CtrContainer objects.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ContainerName", "BoxName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string[] Backend { get; set; } = Array.Empty<string>();

        [Parameter(Position = 1)]
        [SupportsWildcards]
        public string[] SnapshotName { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            IReadOnlyList<BackendDefinition> backends;
            try { backends = Engine.Inventory.List(); }
            catch (ConfigException e) { ThrowCtrError(e, Engine.Store.Path); return; }
            var selected = BackendSelection.Select(backends, Backend, (e, name) => WriteCtrError(e, name));
            var connector = Engine.Connector;
            var reads = selected.Select(b => (Backend: b, Read: Task.Run(async () =>
            {
                var boxes = (await new BoxService(b, connector).ListAsync(CancellationToken).ConfigureAwait(false)).Where(x => Wildcards.AnyMatch(Name, x.Name)).ToList();
                var snapshots = new SnapshotService(b, connector);
                var lists = await Task.WhenAll(boxes.Select(x => snapshots.ListAsync(x, CancellationToken))).ConfigureAwait(false);
                return (Boxes: boxes.Select(x => x.Name).ToList(), Snapshots: lists.SelectMany(l => l).ToList());
            }))).ToList();

            var boxesSeen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var snapshotsSeen = new HashSet<string>(StringComparer.Ordinal);
            var readAll = true;
            foreach (var (backend, read) in reads)
            {
                try
                {
                    var (boxes, snapshots) = Wait(read);
                    boxesSeen.UnionWith(boxes);
                    foreach (var s in snapshots.Where(s => Wildcards.AnyMatch(SnapshotName, s.Name, WildcardOptions.None))
                                 .OrderBy(s => s.Container, StringComparer.OrdinalIgnoreCase))
                    {
                        snapshotsSeen.Add(s.Name);
                        WriteObject(CtrSnapshot.From(s));
                    }
                }
                catch (Exception e) when (!(e is PipelineStoppedException))
                {
                    readAll = false;
                    WriteCtrError(e, backend.Name);
                }
            }
            // Literal names that matched nothing are errors (as Get-Item does); wildcards that match nothing are not.
            if (!readAll) return;
            foreach (var box in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && !boxesSeen.Contains(n)))
                WriteCtrError(new BoxNotFoundException(box, string.Join(", ", selected.Select(b => b.Name))), box);
            if (boxesSeen.Count == 0) return;
            foreach (var snap in SnapshotName.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && !snapshotsSeen.Contains(n)))
                WriteCtrError(new SnapshotNotFoundException(string.Join(", ", boxesSeen.OrderBy(b => b, StringComparer.OrdinalIgnoreCase)),
                    string.Join(", ", selected.Select(b => b.Name)), snap), snap);
        }
    }
}
