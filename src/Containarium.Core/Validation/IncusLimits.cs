using System.Globalization;

namespace Containarium.Core.Validation
{
    /// <summary>The Incus config lines a box's limits become (values already validated by <see cref="SizeParser"/>).</summary>
    public static class IncusLimits
    {
        public const string CpuKey = "limits.cpu";
        public const string MemoryKey = "limits.memory";
        /// <summary>Option of the root disk device (only the rootfs supports it).</summary>
        public const string RootSizeKey = "size";

        public static string CpuValue(int cpus) => cpus.ToString(CultureInfo.InvariantCulture);
        public static string CpuSetting(int cpus) => CpuKey + "=" + CpuValue(cpus);
        public static string MemorySetting(ByteSize memory) => MemoryKey + "=" + memory.IncusValue;
        public static string RootSizeSetting(ByteSize disk) => RootSizeKey + "=" + disk.IncusValue;
    }
}
