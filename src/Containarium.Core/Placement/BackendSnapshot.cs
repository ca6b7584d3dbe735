using System;
using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Validation;

namespace Containarium.Core.Placement
{
    /// <summary>
    /// What placement knows about one backend at one moment: state, capacity and what existing boxes already claim.
    /// Committed figures are the sums of the boxes' limits (limits.cpu, limits.memory), not live usage: a limit is what a
    /// box may take at any time. Disk is the storage pool's real use, because CoW boxes use far less than their quota.
    /// Immutable; <see cref="PlacementSession"/> derives new snapshots as it reserves.
    /// </summary>
    public sealed class BackendSnapshot
    {
        private static readonly IReadOnlyDictionary<string, int> NoTeams = new Dictionary<string, int>();

        public BackendSnapshot(string name, bool reachable = true, bool cordoned = false, int maxContainers = 0, int boxCount = 0,
            int cpuThreads = 0, double cpuCommitted = 0, long memoryTotalBytes = 0, long memoryCommittedBytes = 0,
            long diskTotalBytes = 0, long diskUsedBytes = 0, IReadOnlyDictionary<string, int>? teamBoxCounts = null,
            IReadOnlyList<BackendSnapshot>? members = null, string? status = null)
        {
            Status = status;
            NameRules.EnsureBackendName(name);
            if (maxContainers < 0) throw new ArgumentOutOfRangeException(nameof(maxContainers), "MaxContainers cannot be negative (0 = unlimited).");
            if (boxCount < 0 || cpuThreads < 0 || cpuCommitted < 0 || memoryTotalBytes < 0 || memoryCommittedBytes < 0 || diskTotalBytes < 0 || diskUsedBytes < 0)
                throw new ArgumentOutOfRangeException(nameof(boxCount), $"Backend '{name}': counts and sizes cannot be negative.");
            Name = name;
            Reachable = reachable;
            Cordoned = cordoned;
            MaxContainers = maxContainers;
            BoxCount = boxCount;
            CpuThreads = cpuThreads;
            CpuCommitted = cpuCommitted;
            MemoryTotalBytes = memoryTotalBytes;
            MemoryCommittedBytes = memoryCommittedBytes;
            DiskTotalBytes = diskTotalBytes;
            DiskUsedBytes = diskUsedBytes;
            TeamBoxCounts = teamBoxCounts == null ? NoTeams
                : teamBoxCounts.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
            Members = members ?? Array.Empty<BackendSnapshot>();
        }

        /// <summary>
        /// For a cluster backend, one snapshot per member (Reachable = online, Cordoned = evacuated); the backend's own figures
        /// are then the sums over its online members. Empty for a one-host backend.
        /// </summary>
        public IReadOnlyList<BackendSnapshot> Members { get; }

        public bool IsCluster => Members.Count > 0;

        /// <summary>A cluster member's status as Incus reports it (Online, Offline, Evacuated, or one this module does not know).</summary>
        public string? Status { get; }

        public string Name { get; }
        public bool Reachable { get; }
        /// <summary>Cordoned backends keep their boxes but take no new ones.</summary>
        public bool Cordoned { get; }
        /// <summary>Most boxes this backend may hold; 0 means no count limit (resources still apply).</summary>
        public int MaxContainers { get; }
        public int BoxCount { get; }
        /// <summary>Logical CPUs (Incus resources cpu.total).</summary>
        public int CpuThreads { get; }
        /// <summary>Sum of limits.cpu of the boxes already there.</summary>
        public double CpuCommitted { get; }
        public long MemoryTotalBytes { get; }
        /// <summary>Sum of limits.memory of the boxes already there.</summary>
        public long MemoryCommittedBytes { get; }
        /// <summary>Storage pool size.</summary>
        public long DiskTotalBytes { get; }
        /// <summary>Storage pool space in use (plus, inside a session, the full quota of every reserved box).</summary>
        public long DiskUsedBytes { get; }
        /// <summary>Boxes per team on this backend (team names compare case-insensitively).</summary>
        public IReadOnlyDictionary<string, int> TeamBoxCounts { get; }

        public int TeamCount(string? team) => team != null && TeamBoxCounts.TryGetValue(team, out var n) ? n : 0;

        /// <summary>This snapshot with one box more (sign +1) or one less (sign -1).</summary>
        internal BackendSnapshot Adjust(Reservation r, int sign)
        {
            var teams = TeamBoxCounts.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
            if (r.Team != null) teams[r.Team] = TeamCount(r.Team) + sign;
            var members = Members.Select(m => r.Member != null && string.Equals(m.Name, r.Member, StringComparison.OrdinalIgnoreCase) ? m.Adjust(r.ForMember(), sign) : m).ToList();
            return new BackendSnapshot(Name, Reachable, Cordoned, MaxContainers, BoxCount + sign, CpuThreads, CpuCommitted + sign * r.Cpu,
                MemoryTotalBytes, MemoryCommittedBytes + sign * r.MemoryBytes, DiskTotalBytes, DiskUsedBytes + sign * r.DiskBytes, teams, members, Status);
        }
    }
}
