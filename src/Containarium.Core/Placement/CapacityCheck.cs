using System;
using System.Collections.Generic;
using System.Globalization;
using Containarium.Core.Validation;

namespace Containarium.Core.Placement
{
    /// <summary>
    /// Decides whether one backend can take one box, and how much room it would have left.
    /// <para>Capacity per dimension = raw × overcommit (CPU threads × CpuOvercommit, memory × MemoryOvercommit,
    /// pool size × DiskOvercommit; box slots = MaxContainers when set). A box fits when, for every dimension,
    /// committed + requested ≤ capacity.</para>
    /// <para>Score = min over dimensions of (capacity − committed − requested) ÷ capacity, in [0, 1]: the share of the
    /// scarcest resource still free after placing. The minimum (not a weighted sum) because the first resource to run out
    /// ends a host's usefulness, whichever it is; and as a ratio, a large host takes proportionally more boxes.</para>
    /// </summary>
    public static class CapacityCheck
    {
        /// <summary>Returns null and the score when the box fits, else the rejection.</summary>
        public static BackendRejection? Evaluate(BackendSnapshot b, PlacementRequest r, PlacementSettings s, out double score)
        {
            score = 0;
            if (r.IsExcluded(b.Name)) return new BackendRejection(b.Name, RejectionReason.Excluded, "excluded from this placement (the box's current backend).");
            if (!b.Reachable) return new BackendRejection(b.Name, RejectionReason.Unreachable, "unreachable.");
            if (b.Cordoned) return new BackendRejection(b.Name, RejectionReason.Cordoned, "cordoned: takes no new boxes.");
            if (b.CpuThreads <= 0 || b.MemoryTotalBytes <= 0 || b.DiskTotalBytes <= 0)
                return new BackendRejection(b.Name, RejectionReason.NoCapacityData, "reported no CPU, memory or storage pool capacity; refresh its inventory.");
            if (b.MaxContainers > 0 && b.BoxCount >= b.MaxContainers)
                return new BackendRejection(b.Name, RejectionReason.MaxContainersReached, $"full: holds {N(b.BoxCount)} of at most {N(b.MaxContainers)} boxes.");

            var shortages = new List<string>();
            RejectionReason? first = null;
            var least = 1.0;
            Dimension(b.CpuThreads * s.CpuOvercommit, b.CpuCommitted, r.Cpu, RejectionReason.InsufficientCpu,
                (cap, left) => $"CPU needs {N(r.Cpu)}, {N(Math.Max(0, left))} of {N(cap)} left ({N(b.CpuThreads)} threads × {N(s.CpuOvercommit)})");
            Dimension(b.MemoryTotalBytes * s.MemoryOvercommit, b.MemoryCommittedBytes, r.MemoryBytes, RejectionReason.InsufficientMemory,
                (cap, left) => $"memory needs {Bytes(r.MemoryBytes)}, {Bytes(left)} of {Bytes(cap)} left ({Bytes(b.MemoryTotalBytes)} × {N(s.MemoryOvercommit)})");
            Dimension(b.DiskTotalBytes * s.DiskOvercommit, b.DiskUsedBytes, r.DiskBytes, RejectionReason.InsufficientDisk,
                (cap, left) => $"disk needs {Bytes(r.DiskBytes)}, {Bytes(left)} of {Bytes(cap)} left in the pool ({Bytes(b.DiskTotalBytes)} × {N(s.DiskOvercommit)})");
            if (b.MaxContainers > 0) least = Math.Min(least, (b.MaxContainers - b.BoxCount - 1) / (double)b.MaxContainers);

            if (first == null)
            {
                score = least;
                return null;
            }
            return new BackendRejection(b.Name, first.Value, "not enough room: " + string.Join("; ", shortages) + ".");

            void Dimension(double capacity, double committed, double requested, RejectionReason reason, Func<double, double, string> describe)
            {
                var after = capacity - committed - requested;
                if (after < 0)
                {
                    first ??= reason;
                    shortages.Add(describe(capacity, capacity - committed));
                }
                else least = Math.Min(least, after / capacity);
            }
        }

        private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        private static string Bytes(double v) => ByteSize.FromBytes((long)Math.Max(0, Math.Floor(v))).IncusValue;
    }
}
