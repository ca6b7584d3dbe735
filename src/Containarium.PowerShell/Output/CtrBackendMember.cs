using System;
using System.Linq;
using Containarium.Core.Incus;

namespace Containarium
{
    /// <summary>One member of a cluster backend. Backend and Name bind to -Backend/-Name of the member cmdlets.</summary>
    public sealed class CtrBackendMember
    {
        public string Backend { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>Online, Offline or Evacuated (as Incus reports it).</summary>
        public string Status { get; set; } = "";
        public string[] Roles { get; set; } = Array.Empty<string>();
        public string? FailureDomain { get; set; }
        public string? Architecture { get; set; }
        public string? Url { get; set; }
        public int? Cpu { get; set; }
        public long? MemoryTotal { get; set; }
        public long? MemoryUsed { get; set; }
        public long? DiskTotal { get; set; }
        public long? DiskUsed { get; set; }
        /// <summary>Instances located on this member.</summary>
        public int Containers { get; set; }
        public string? Message { get; set; }

        /// <summary>The member's name, so a member pipes into -Member parameters.</summary>
        public string Member => Name;

        public override string ToString() => Backend + "/" + Name;

        internal static CtrBackendMember From(string backend, ClusterMember m) => new CtrBackendMember
        {
            Backend = backend,
            Name = m.Name,
            Status = m.Status,
            Roles = m.Roles.ToArray(),
            FailureDomain = m.FailureDomain,
            Architecture = m.Architecture,
            Url = m.Url,
            Cpu = m.CpuThreads > 0 ? m.CpuThreads : (int?)null,
            MemoryTotal = m.MemoryTotal > 0 ? m.MemoryTotal : (long?)null,
            MemoryUsed = m.MemoryTotal > 0 ? m.MemoryUsed : (long?)null,
            DiskTotal = m.DiskTotal > 0 ? m.DiskTotal : (long?)null,
            DiskUsed = m.DiskTotal > 0 ? m.DiskUsed : (long?)null,
            Containers = m.Containers,
            Message = m.Message,
        };
    }

    /// <summary>What Suspend-/Resume-CtrBackendMember did: the member's new status and where each box went.</summary>
    public sealed class CtrMemberMaintenance
    {
        public string Backend { get; set; } = "";
        public string Member { get; set; } = "";
        /// <summary>Evacuate or Restore.</summary>
        public string Action { get; set; } = "";
        public string Status { get; set; } = "";
        /// <summary>"box -> member" for every instance that moved.</summary>
        public string[] Moved { get; set; } = Array.Empty<string>();
        public TimeSpan Duration { get; set; }
    }
}
