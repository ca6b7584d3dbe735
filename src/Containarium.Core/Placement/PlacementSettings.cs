using System;

namespace Containarium.Core.Placement
{
    /// <summary>How -AutoPlace chooses among the backends that fit.</summary>
    public enum PlacementStrategy
    {
        /// <summary>Most free capacity first: boxes spread evenly (default).</summary>
        Spread,
        /// <summary>Fullest backend that still fits: fills one host before the next (leaves whole hosts free to stop).</summary>
        Pack,
        /// <summary>The backend holding most of the request's team while it fits; else Spread.</summary>
        Team,
    }

    /// <summary>
    /// Overcommit factors: how far the sum of box limits may exceed a backend's real capacity.
    /// <para>CPU 4×: limits.cpu caps a box, it does not reserve cores, and dev boxes idle most of the time (upstream saw 14×
    /// on an 8-core host; 4× keeps a busy build from starving the others). Memory 1.5×: limits.memory is a ceiling too, but
    /// running out means the OOM killer in someone's box, so little headroom. Disk 1.0×: every new box's full quota must fit
    /// in the pool's real free space (existing boxes count by real use, since CoW clones use far less than their quota); a
    /// full pool breaks every box on the host at once.</para>
    /// </summary>
    public sealed class PlacementSettings
    {
        public const double DefaultCpuOvercommit = 4.0;
        public const double DefaultMemoryOvercommit = 1.5;
        public const double DefaultDiskOvercommit = 1.0;

        public PlacementSettings(PlacementStrategy strategy = PlacementStrategy.Spread, double cpuOvercommit = DefaultCpuOvercommit,
            double memoryOvercommit = DefaultMemoryOvercommit, double diskOvercommit = DefaultDiskOvercommit, bool memberByIncus = false)
        {
            MemberByIncus = memberByIncus;
            Check(cpuOvercommit, nameof(cpuOvercommit));
            Check(memoryOvercommit, nameof(memoryOvercommit));
            Check(diskOvercommit, nameof(diskOvercommit));
            Strategy = strategy;
            CpuOvercommit = cpuOvercommit;
            MemoryOvercommit = memoryOvercommit;
            DiskOvercommit = diskOvercommit;
        }

        public static PlacementSettings Default { get; } = new PlacementSettings();

        public PlacementStrategy Strategy { get; }
        /// <summary>
        /// Inside a cluster backend, leave the member to Incus's own scheduler (the admin asked for it): the cluster must still
        /// have a member with room, but no member is named, so the reservation counts against the cluster as a whole.
        /// </summary>
        public bool MemberByIncus { get; }
        public double CpuOvercommit { get; }
        public double MemoryOvercommit { get; }
        public double DiskOvercommit { get; }

        private static void Check(double factor, string name)
        {
            if (double.IsNaN(factor) || factor <= 0 || factor > 100)
                throw new ArgumentOutOfRangeException(name, "An overcommit factor must be above 0 and at most 100.");
        }
    }
}
