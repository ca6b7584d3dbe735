using System.Collections.Generic;

namespace Containarium.Core.Config
{
    /// <summary>The whole config file: the backend inventory and preferences. Format version lets later releases migrate.</summary>
    public sealed class ModuleConfig
    {
        public const int CurrentVersion = 1;

        public int Version { get; set; } = CurrentVersion;
        public List<BackendDefinition> Backends { get; set; } = new List<BackendDefinition>();
        public Preferences Preferences { get; set; } = new Preferences();
    }

    public sealed class Preferences
    {
        public string DefaultImage { get; set; } = "debian12";
        public int ConnectTimeoutSeconds { get; set; } = 10;
        public int CommandTimeoutSeconds { get; set; } = 1800;
        /// <summary>
        /// -AutoPlace's overcommit factors (docs/placement.md). Raise them only where boxes stay far below their limits and
        /// pools are thin-provisioned (the small lab, for one): disk 1.0 makes every new box's full quota fit in free space.
        /// </summary>
        public double CpuOvercommit { get; set; } = 4.0;
        public double MemoryOvercommit { get; set; } = 1.5;
        public double DiskOvercommit { get; set; } = 1.0;
        /// <summary>The backup catalogue Import-CtrContainer -LatestBackup reads without -BackupPath; null: "backups" beside the config file.</summary>
        public string? BackupPath { get; set; }
    }
}
