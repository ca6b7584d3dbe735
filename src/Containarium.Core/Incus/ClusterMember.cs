using System;
using System.Collections.Generic;

namespace Containarium.Core.Incus
{
    /// <summary>One member of an Incus cluster as /1.0/cluster/members reports it, plus its own capacity.</summary>
    public sealed class ClusterMember
    {
        public string Name { get; set; } = "";
        /// <summary>Online, Offline, Evacuated (or another state a newer Incus reports, kept verbatim).</summary>
        public string Status { get; set; } = "";
        public IReadOnlyList<string> Roles { get; set; } = Array.Empty<string>();
        public string? FailureDomain { get; set; }
        public string? Architecture { get; set; }
        /// <summary>The member's API URL, e.g. https://10.0.0.12:8443.</summary>
        public string? Url { get; set; }
        public string? Message { get; set; }
        public int Containers { get; set; }
        public int CpuThreads { get; set; }
        public long MemoryTotal { get; set; }
        public long MemoryUsed { get; set; }
        public long DiskTotal { get; set; }
        public long DiskUsed { get; set; }

        /// <summary>Takes new boxes and serves its own: Online and not evacuated.</summary>
        public bool IsOnline => string.Equals(Status, "Online", StringComparison.OrdinalIgnoreCase);

        /// <summary>The host part of <see cref="Url"/> (matched against the backend's SSH endpoints).</summary>
        public string? Address
        {
            get
            {
                if (Url == null || !Uri.TryCreate(Url, UriKind.Absolute, out var uri)) return null;
                return uri.Host.Trim('[', ']');
            }
        }
    }
}
