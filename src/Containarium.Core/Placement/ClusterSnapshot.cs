using System;
using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Incus;
using static Containarium.Core.Placement.BoxClaims;

namespace Containarium.Core.Placement
{
    /// <summary>
    /// A cluster backend as placement sees it: one snapshot per member (its own capacity and the boxes located on it), and the
    /// backend's figures summed over the members that take boxes (online, not evacuated), so across backends a cluster
    /// weighs as much as its usable members together.
    /// </summary>
    public static class ClusterSnapshot
    {
        public static BackendSnapshot Build(BackendDefinition backend, IReadOnlyList<ClusterMember> members, IReadOnlyList<BoxInfo> boxes)
        {
            var snapshots = members.Select(m =>
            {
                var here = boxes.Where(b => string.Equals(b.Member, m.Name, StringComparison.OrdinalIgnoreCase)).ToList();
                var (cpu, memory) = Committed(here);
                return new BackendSnapshot(m.Name, m.IsOnline || ClusterReader.IsEvacuated(m), ClusterReader.IsEvacuated(m), 0, m.Containers,
                    m.CpuThreads, cpu, m.MemoryTotal, memory, m.DiskTotal, m.DiskUsed, Teams(here), status: m.Status);
            }).ToList();
            var usable = snapshots.Where(m => m.Reachable && !m.Cordoned).ToList();
            return new BackendSnapshot(backend.Name, usable.Count > 0, backend.Cordoned, backend.MaxContainers, members.Sum(m => m.Containers),
                usable.Sum(m => m.CpuThreads), usable.Sum(m => m.CpuCommitted), usable.Sum(m => m.MemoryTotalBytes), usable.Sum(m => m.MemoryCommittedBytes),
                usable.Sum(m => m.DiskTotalBytes), usable.Sum(m => m.DiskUsedBytes), Teams(boxes), snapshots);
        }
    }
}
