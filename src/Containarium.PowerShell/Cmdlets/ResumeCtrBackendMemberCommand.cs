using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Cluster;
using Containarium.Core.Incus;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Ends a member's maintenance: Incus restores it and moves its evacuated boxes back.</summary>
    [Cmdlet(VerbsLifecycle.Resume, "CtrBackendMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CtrMemberMaintenance))]
    public sealed class ResumeCtrBackendMemberCommand : MemberMaintenanceCmdlet
    {
        private protected override string Action => "Restore";

        private protected override IReadOnlyList<(string Box, string From, string To)>? Plan(ClusterService cluster, string target)
        {
            var members = Wait(cluster.MembersAsync(CancellationToken));
            var member = ClusterService.Find(cluster.Backend, members, Name);
            if (member.IsOnline)
            {
                WriteWarning($"Member '{member.Name}' of '{cluster.Backend}' is online, not evacuated; nothing was changed.");
                return null;
            }
            if (!ClusterReader.IsEvacuated(member))
                throw new MemberUnavailableException(cluster.Backend, member.Name, $"Member '{member.Name}' of '{cluster.Backend}' is {member.Status}: only an evacuated member can be restored.");
            return Wait(cluster.InstancesAsync(CancellationToken))
                .Where(i => string.Equals(i.EvacuatedFrom, member.Name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(i => i.Name, StringComparer.Ordinal)
                .Select(i => (i.Name, i.Location ?? "?", member.Name)).ToList();
        }

        private protected override Task RunAsync(ClusterService cluster, string member, Action<int, int> progress, CancellationToken ct) =>
            cluster.RestoreAsync(member, progress, ct);
    }
}
