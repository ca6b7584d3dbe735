using System.Collections.Generic;
using System.Linq;

namespace Containarium.Core.Incus
{
    /// <summary>A cluster's capacity is its members' summed (the member answering reports only its own /1.0/resources).</summary>
    public static class ClusterFigures
    {
        /// <summary>Replaces CPU, memory and disk in <paramref name="info"/> with the sums over every member that reported figures.</summary>
        public static void SumInto(HostInfo info, IReadOnlyList<ClusterMember> members)
        {
            info.CpuThreads = members.Sum(m => m.CpuThreads);
            info.MemoryTotal = members.Sum(m => m.MemoryTotal);
            info.MemoryUsed = members.Sum(m => m.MemoryUsed);
            info.DiskTotal = members.Sum(m => m.DiskTotal);
            info.DiskUsed = members.Sum(m => m.DiskUsed);
        }
    }
}
