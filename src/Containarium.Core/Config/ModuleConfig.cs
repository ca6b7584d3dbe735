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
        /// <summary>The backup catalogue Import-CtrContainer -LatestBackup reads without -BackupPath; null: "backups" beside the config file.</summary>
        public string? BackupPath { get; set; }
    }
}
