using System;
using Containarium.Core.Validation;

namespace Containarium.Core.Onboarding
{
    /// <summary>The bounds of <see cref="SizeParser"/>, for values that arrive already typed (defaults, constructors).</summary>
    internal static class BoxLimits
    {
        public static void Ensure(int cpu, ByteSize memory, ByteSize disk)
        {
            if (cpu < SizeParser.MinCpu || cpu > SizeParser.MaxCpu)
                throw new ArgumentOutOfRangeException(nameof(cpu), $"CPU count must be {SizeParser.MinCpu}-{SizeParser.MaxCpu}.");
            if (memory.Bytes < SizeParser.MinMemoryBytes || memory.Bytes > SizeParser.MaxSizeBytes)
                throw new ArgumentOutOfRangeException(nameof(memory), "Memory must be 64MiB-64TiB.");
            if (disk.Bytes < SizeParser.MinDiskBytes || disk.Bytes > SizeParser.MaxSizeBytes)
                throw new ArgumentOutOfRangeException(nameof(disk), "Disk must be 1GiB-64TiB.");
        }
    }
}
