using System;
using Containarium.Core.Migration;

namespace Containarium
{
    /// <summary>A backup file written by Export-CtrContainer. Its Path binds to Import-CtrContainer -Path.</summary>
    public sealed class CtrBackup
    {
        public string Name { get; set; } = "";
        public string UserName { get; set; } = "";
        public string? Team { get; set; }
        public string Backend { get; set; } = "";
        public string State { get; set; } = "";
        public DateTimeOffset? Created { get; set; }
        public DateTimeOffset ExportedAt { get; set; }
        public long Size { get; set; }
        public string Sha256 { get; set; } = "";
        public string[] Snapshots { get; set; } = Array.Empty<string>();
        public string Path { get; set; } = "";
        public string ManifestPath { get; set; } = "";

        public override string ToString() => Path;

        internal static CtrBackup From(BackupManifest m, string file) => new CtrBackup
        {
            Name = m.Name,
            UserName = m.UserName,
            Team = m.Team,
            Backend = m.Backend,
            State = m.State,
            Created = m.Created,
            ExportedAt = m.ExportedAt,
            Size = m.Size,
            Sha256 = m.Sha256,
            Snapshots = m.Snapshots.ToArray(),
            Path = file,
            ManifestPath = BackupManifest.PathFor(file),
        };
    }
}
