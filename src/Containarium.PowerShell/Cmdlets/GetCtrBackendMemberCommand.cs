using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Containarium.Core.Cluster;
using Containarium.Core.Config;
using Containarium.Core.Incus;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Lists the members of cluster backends (every cluster backend when -Backend is not given), asking them in parallel.</summary>
    [Cmdlet(VerbsCommon.Get, "CtrBackendMember")]
    [OutputType(typeof(CtrBackendMember))]
    public sealed class GetCtrBackendMemberCommand : CtrCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string[] Backend { get; set; } = Array.Empty<string>();

        [Parameter(Position = 1)]
        [Alias("Member")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(MemberNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            IReadOnlyList<BackendDefinition> all;
            try { all = Engine.Inventory.List(); }
            catch (ConfigException e) { ThrowCtrError(e, Engine.Store.Path); return; }
            var selected = BackendSelection.Select(all, Backend, (e, name) => WriteCtrError(e, name));
            // Without -Backend only the cluster backends are asked; a named one-host backend is an error.
            if (Backend.Length == 0) selected = selected.Where(b => b.Cluster == true).ToList();
            var connector = Engine.Connector;
            var reads = selected.Select(b => (b, Task.Run(() => new ClusterService(b, connector).MembersAsync(CancellationToken)))).ToList();
            foreach (var (backend, read) in reads)
            {
                IReadOnlyList<ClusterMember> members;
                try { members = Wait(read); }
                catch (NotAClusterException e) { WriteError(new ErrorRecord(e, "CtrNotACluster", ErrorCategory.InvalidArgument, backend.Name)); continue; }
                catch (Exception e) when (!(e is PipelineStoppedException)) { WriteCtrError(e, backend.Name); continue; }
                foreach (var m in members) MemberNameCompleter.Remember(backend.Name, m.Name);
                foreach (var pattern in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
                    if (!members.Any(m => string.Equals(m.Name, pattern, StringComparison.OrdinalIgnoreCase)))
                        WriteError(new ErrorRecord(new MemberNotFoundException(backend.Name, pattern, string.Join(", ", members.Select(m => m.Name))),
                            "CtrMemberNotFound", ErrorCategory.ObjectNotFound, pattern));
                foreach (var m in members.Where(m => Name.Length == 0 || Name.Any(p => new WildcardPattern(p, WildcardOptions.IgnoreCase).IsMatch(m.Name))))
                    WriteObject(CtrBackendMember.From(backend.Name, m));
            }
        }
    }
}
