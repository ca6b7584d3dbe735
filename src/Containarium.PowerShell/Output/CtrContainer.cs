using System;
using Containarium.Core.Containers;

namespace Containarium
{
    /// <summary>A user's dev box. Property names bind to the -Name/-Backend/-UserName parameters of the box cmdlets.</summary>
    public sealed class CtrContainer
    {
        public string Name { get; set; } = "";
        public string UserName { get; set; } = "";
        public string? Team { get; set; }
        public string Backend { get; set; } = "";
        public string? Member { get; set; }
        public string State { get; set; } = "";
        public string? Image { get; set; }
        public string? Cpu { get; set; }
        public string? Memory { get; set; }
        public string? Disk { get; set; }
        public bool EnableDocker { get; set; }
        /// <summary>The Host alias of the user's SSH config entry (Get-CtrSshConfig).</summary>
        public string SshAlias { get; set; } = "";
        public int? SshPort { get; set; }
        public string[] KeyFingerprint { get; set; } = Array.Empty<string>();
        public string? CreatedBy { get; set; }
        public DateTimeOffset? Created { get; set; }
        public long? MemoryUsage { get; set; }
        public long? DiskUsage { get; set; }
        public string? IPv4 { get; set; }
        /// <summary>On a box restored in place of a lost copy: where that copy lived ("backend/member"), when, and the backup's time.</summary>
        public string? RestoredFrom { get; set; }
        public DateTimeOffset? RestoredAt { get; set; }
        public DateTimeOffset? BackupTime { get; set; }
        /// <summary>On a stale copy: the restored box that replaces it ("backend/box").</summary>
        public string? SupersededBy { get; set; }

        public override string ToString() => Backend + "/" + Name;

        internal static CtrContainer From(BoxInfo b) => new CtrContainer
        {
            Name = b.Name,
            UserName = b.UserName,
            Team = b.Team,
            Backend = b.Backend,
            Member = b.Member,
            State = b.State,
            Image = b.Image,
            Cpu = b.Cpu,
            Memory = b.Memory,
            Disk = b.Disk,
            EnableDocker = b.Nesting,
            SshAlias = b.Name,
            SshPort = b.SshPort,
            KeyFingerprint = new System.Collections.Generic.List<string>(b.KeyFingerprints).ToArray(),
            CreatedBy = b.CreatedBy,
            Created = b.Created,
            MemoryUsage = b.MemoryUsage,
            DiskUsage = b.DiskUsage,
            IPv4 = b.IPv4,
            RestoredFrom = b.RestoredFrom,
            RestoredAt = b.RestoredAt,
            BackupTime = b.BackupAt,
            SupersededBy = b.SupersededBy,
        };
    }
}
