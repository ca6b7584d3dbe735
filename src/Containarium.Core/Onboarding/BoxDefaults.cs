using System;
using Containarium.Core.Validation;

namespace Containarium.Core.Onboarding
{
    /// <summary>
    /// What a box gets when a row leaves a field empty.
    /// <para>2 CPUs / 2 GiB / 10 GiB: enough for a shell, an editor server and a compiler; smaller than upstream Containarium's
    /// 4 CPU / 4 GB / 50 GB because limits are ceilings that placement counts in full, and with the default overcommit
    /// (CPU 4×, memory 1.5×) an 8-thread/32 GiB host then takes 16 default boxes instead of 8.
    /// Image "debian/12": the local alias the lab and the module's image build import; a backend cannot reach public image
    /// servers in every layout, so the default never names a remote. Docker (security.nesting) is off unless asked for:
    /// nesting widens the kernel surface a box sees.</para>
    /// Instances are immutable; the module's config may supply another set.
    /// </summary>
    public sealed class BoxDefaults
    {
        public const int DefaultCpu = 2;
        public const long DefaultMemoryBytes = 2 * ByteSize.GiB;
        public const long DefaultDiskBytes = 10 * ByteSize.GiB;
        public const string DefaultImage = "debian/12";
        public const bool DefaultEnableDocker = false;

        public static readonly BoxDefaults Standard = new BoxDefaults(DefaultCpu, ByteSize.FromBytes(DefaultMemoryBytes),
            ByteSize.FromBytes(DefaultDiskBytes), DefaultImage);

        public BoxDefaults(int cpu, ByteSize memory, ByteSize disk, string image)
        {
            BoxLimits.Ensure(cpu, memory, disk);
            NameRules.EnsureImageReference(image);
            Cpu = cpu;
            Memory = memory;
            Disk = disk;
            Image = image;
        }

        public int Cpu { get; }
        public ByteSize Memory { get; }
        public ByteSize Disk { get; }
        public string Image { get; }
    }
}
