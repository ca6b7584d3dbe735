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
    /// <summary>Evacuates a cluster member for maintenance: Incus stops its boxes, moves them to other members and starts them there.</summary>
    [Cmdlet(VerbsLifecycle.Suspend, "CtrBackendMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CtrMemberMaintenance))]
    public sealed class SuspendCtrBackendMemberCommand : MemberMaintenanceCmdlet
    {
        private protected override string Action => "Evacuate";

        private protected override IReadOnlyList<(string Box, string From, string To)>? Plan(ClusterService cluster, string target)
        {
            var (member, moves) = Wait(cluster.PlanEvacuationAsync(Name, CancellationToken));
            if (ClusterReader.IsEvacuated(member))
            {
                WriteWarning($"Member '{member.Name}' of '{cluster.Backend}' is already evacuated; nothing was changed.");
                return null;
            }
            return moves.Select(m => (m.Instance, member.Name, m.ExpectedTarget + " (expected)")).ToList();
        }

        private protected override Task RunAsync(ClusterService cluster, string member, Action<int, int> progress, CancellationToken ct) =>
            cluster.EvacuateAsync(member, progress, ct);
    }
}
