using System;
using System.Collections.Generic;

namespace Containarium.Core.Config
{
    public enum TransportKind
    {
        Ssh,
        /// <summary>The module runs on the Incus host itself: commands run through /bin/sh, no SSH.</summary>
        Local,
    }

    /// <summary>A registered backend as stored in the config file. The boxes themselves are never stored locally.</summary>
    public sealed class BackendDefinition
    {
        public string Name { get; set; } = "";
        public TransportKind Transport { get; set; } = TransportKind.Ssh;
        public string HostName { get; set; } = "";
        public int Port { get; set; } = 22;

        /// <summary>
        /// Every SSH endpoint of a backend reached at several hosts (the members of an Incus cluster), "host[:port]" in the
        /// order they are tried; the first is also <see cref="HostName"/>/<see cref="Port"/>. Null for a one-host backend.
        /// </summary>
        public List<string>? Endpoints { get; set; }

        /// <summary>Cluster member name → its SSH endpoint ("host:port"), learned at registration; users' SSH entries go through
        /// the member that runs their box. Null for a one-host backend.</summary>
        public Dictionary<string, string>? MemberEndpoints { get; set; }

        /// <summary>True when the backend's Incus reported itself clustered at registration; null (not written) otherwise.</summary>
        public bool? Cluster { get; set; }
        public string UserName { get; set; } = "";
        public string KeyFile { get; set; } = "";

        /// <summary>ProxyJump hops, outermost first, each "[user@]host[:port]".</summary>
        public List<string> JumpHosts { get; set; } = new List<string>();

        /// <summary>Pinned "SHA256:…" host key of the backend, if the admin gave one.</summary>
        public string? HostKeyFingerprint { get; set; }

        /// <summary>Upper bound of boxes placement may put here; 0 means no limit.</summary>
        public int MaxContainers { get; set; }

        public bool Cordoned { get; set; }
        public List<string> Tags { get; set; } = new List<string>();

        /// <summary>Image alias used when a box request names none.</summary>
        public string? DefaultImage { get; set; }

        /// <summary>Extra environment for the local transport (e.g. INCUS_DIR).</summary>
        public Dictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

        public DateTimeOffset RegisteredAt { get; set; }

        /// <summary>The Compute Engine VM behind this backend, when New-CtrBackend created it; null otherwise.</summary>
        public GceIdentity? Gce { get; set; }

        public BackendDefinition Clone()
        {
            var copy = (BackendDefinition)MemberwiseClone();
            copy.JumpHosts = new List<string>(JumpHosts);
            copy.Endpoints = Endpoints == null ? null : new List<string>(Endpoints);
            copy.MemberEndpoints = MemberEndpoints == null ? null : new Dictionary<string, string>(MemberEndpoints, StringComparer.OrdinalIgnoreCase);
            copy.Tags = new List<string>(Tags);
            copy.Environment = new Dictionary<string, string>(Environment);
            copy.Gce = Gce?.Clone();
            return copy;
        }
    }

    /// <summary>Where a backend's VM lives on Compute Engine.</summary>
    public sealed class GceIdentity
    {
        public string Project { get; set; } = "";
        public string Zone { get; set; } = "";
        public string Instance { get; set; } = "";

        public GceIdentity Clone() => (GceIdentity)MemberwiseClone();

        public override string ToString() => $"projects/{Project}/zones/{Zone}/instances/{Instance}";
    }
}
