using System;
using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Onboarding;
using Containarium.Core.Validation;

namespace Containarium.Core.Placement
{
    /// <summary>What one box needs from a backend. For a move, the source backend goes in <see cref="ExcludedBackends"/>.</summary>
    public sealed class PlacementRequest
    {
        public PlacementRequest(string boxName, int cpu, long memoryBytes, long diskBytes, string? team = null, string? backend = null,
            IEnumerable<string>? excludedBackends = null, string? member = null)
        {
            if (member != null && backend == null) throw new ArgumentException("A cluster member can only be named together with its backend.", nameof(member));
            if (member != null) NameRules.EnsureHostName(member);
            Member = member;
            NameRules.EnsureInstanceName(boxName);
            if (cpu <= 0) throw new ArgumentOutOfRangeException(nameof(cpu));
            if (memoryBytes <= 0) throw new ArgumentOutOfRangeException(nameof(memoryBytes));
            if (diskBytes <= 0) throw new ArgumentOutOfRangeException(nameof(diskBytes));
            BoxName = boxName;
            Cpu = cpu;
            MemoryBytes = memoryBytes;
            DiskBytes = diskBytes;
            Team = team;
            Backend = backend;
            _excluded = new HashSet<string>(excludedBackends ?? Enumerable.Empty<string>(), StringComparer.OrdinalIgnoreCase);
        }

        public static PlacementRequest From(BoxRequest box, IEnumerable<string>? excludedBackends = null, string? member = null) =>
            new PlacementRequest(box.Name, box.Cpu, box.Memory.Bytes, box.Disk.Bytes, box.Team, box.Backend, excludedBackends, member);

        /// <summary>For messages only.</summary>
        public string BoxName { get; }
        public int Cpu { get; }
        public long MemoryBytes { get; }
        public long DiskBytes { get; }
        public string? Team { get; }
        /// <summary>Explicit backend: no scoring, but cordon, reachability and capacity still apply.</summary>
        public string? Backend { get; }
        public IReadOnlyCollection<string> ExcludedBackends => _excluded;
        /// <summary>Explicit cluster member of <see cref="Backend"/>: it must exist and be online; capacity still applies.</summary>
        public string? Member { get; }

        public bool IsExcluded(string backend) => _excluded.Contains(backend);

        private readonly HashSet<string> _excluded;
    }
}
