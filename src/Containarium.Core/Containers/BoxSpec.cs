using System;
using System.Collections.Generic;

namespace Containarium.Core.Containers
{
    /// <summary>A validated, fully resolved box to create: every value here has passed the name/size/key rules.</summary>
    public sealed class BoxSpec
    {
        public string Name { get; set; } = "";
        public string UserName { get; set; } = "";
        public string? Team { get; set; }
        public string Image { get; set; } = "";
        /// <summary>Incus limits.cpu value (a count).</summary>
        public string Cpu { get; set; } = "";
        /// <summary>Incus limits.memory value, e.g. "2GiB".</summary>
        public string Memory { get; set; } = "";
        /// <summary>Root disk size, e.g. "10GiB".</summary>
        public string Disk { get; set; } = "";
        public bool Nesting { get; set; }
        /// <summary>Canonical OpenSSH public key lines.</summary>
        public IReadOnlyList<string> PublicKeys { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> KeyFingerprints { get; set; } = Array.Empty<string>();
        public string CreatedBy { get; set; } = "";
        /// <summary>Cluster member to create the box on (POST /1.0/instances?target=…); null lets the cluster or a one-host backend decide.</summary>
        public string? Member { get; set; }
    }
}
