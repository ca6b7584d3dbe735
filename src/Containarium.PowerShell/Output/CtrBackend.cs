using System;
using System.Linq;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Gce;

namespace Containarium
{
    public enum CtrBackendState
    {
        Online,
        Unreachable,
        /// <summary>Not contacted (Get-CtrBackend -NoStatus, Set-CtrBackend -PassThru).</summary>
        Unknown,
        /// <summary>A cluster that answers while a member is offline or evacuated (Get-CtrBackendMember says which).</summary>
        Degraded,
    }

    /// <summary>A registered backend with its live figures. Property names match the -Backend parameters downstream.</summary>
    public sealed class CtrBackend
    {
        public string Name { get; set; } = "";
        public CtrBackendState State { get; set; }
        public string Transport { get; set; } = "";
        public string HostName { get; set; } = "";
        public int Port { get; set; }
        public string UserName { get; set; } = "";
        public string KeyFile { get; set; } = "";
        public string[] JumpHost { get; set; } = Array.Empty<string>();
        /// <summary>Every SSH endpoint ("host:port") of a cluster backend, in the order they are tried; empty for one host.</summary>
        public string[] Endpoint { get; set; } = Array.Empty<string>();
        /// <summary>The backend is an Incus cluster (one row for the whole cluster; Get-CtrBackendMember lists members).</summary>
        public bool Cluster { get; set; }
        /// <summary>Cluster members, and how many of them are online (null for one host or when not contacted).</summary>
        public int? Members { get; set; }
        public int? MembersOnline { get; set; }
        public string? HostKeyFingerprint { get; set; }
        public string? IncusVersion { get; set; }
        public int? Containers { get; set; }
        public int MaxContainers { get; set; }
        public bool Cordoned { get; set; }
        public int? Cpu { get; set; }
        public long? MemoryTotal { get; set; }
        public long? MemoryUsed { get; set; }
        public string? StoragePool { get; set; }
        public string? StorageDriver { get; set; }
        public long? DiskTotal { get; set; }
        public long? DiskUsed { get; set; }
        public string[] Tag { get; set; } = Array.Empty<string>();
        public string? DefaultImage { get; set; }
        public string? Error { get; set; }
        public TimeSpan ResponseTime { get; set; }

        /// <summary>Compute Engine identity of a backend created by New-CtrBackend (null for other backends).</summary>
        public string? GceProject { get; set; }
        public string? GceZone { get; set; }
        public string? GceInstance { get; set; }

        /// <summary>The VM's status (RUNNING, TERMINATED…) when it was asked; null otherwise.</summary>
        public string? GceStatus { get; set; }

        /// <summary>A Spot VM that is down because Compute Engine preempted it (see about_Containarium).</summary>
        public bool Preempted { get; set; }

        /// <summary>The backend's name, so a CtrBackend pipes into -Backend parameters.</summary>
        public string Backend => Name;

        public override string ToString() => Name;

        internal static CtrBackend FromDefinition(BackendDefinition d, CtrBackendState state = CtrBackendState.Unknown) => new CtrBackend
        {
            Name = d.Name,
            State = state,
            Transport = d.Transport.ToString(),
            HostName = d.Transport == TransportKind.Local ? "localhost" : d.HostName,
            Port = d.Port,
            UserName = d.UserName,
            KeyFile = d.KeyFile,
            JumpHost = d.JumpHosts.ToArray(),
            Endpoint = d.Endpoints?.ToArray() ?? Array.Empty<string>(),
            Cluster = d.Cluster == true,
            HostKeyFingerprint = d.HostKeyFingerprint,
            MaxContainers = d.MaxContainers,
            Cordoned = d.Cordoned,
            Tag = d.Tags.ToArray(),
            DefaultImage = d.DefaultImage,
            GceProject = d.Gce?.Project,
            GceZone = d.Gce?.Zone,
            GceInstance = d.Gce?.Instance,
        };

        internal CtrBackend WithGce(GceInstanceState state)
        {
            GceStatus = state.Instance.StatusText;
            Preempted = state.Preempted;
            return this;
        }

        internal static CtrBackend FromStatus(BackendStatus s)
        {
            var b = FromDefinition(s.Definition, s.State == BackendState.Online ? CtrBackendState.Online
                : s.State == BackendState.Degraded ? CtrBackendState.Degraded : CtrBackendState.Unreachable);
            if (s.Members != null)
            {
                b.Cluster = true;
                b.Members = s.Members.Count;
                b.MembersOnline = s.Members.Count(m => m.IsOnline);
            }
            b.ResponseTime = s.Elapsed;
            b.Error = s.Error?.Message;
            var target = s.HostKeys.LastOrDefault();
            if (b.HostKeyFingerprint == null && target != null) b.HostKeyFingerprint = target.Fingerprint;
            if (s.Host != null)
            {
                b.IncusVersion = s.Host.ServerVersion;
                b.Containers = s.Host.Containers;
                b.Cpu = s.Host.CpuThreads;
                b.MemoryTotal = s.Host.MemoryTotal;
                b.MemoryUsed = s.Host.MemoryUsed;
                b.StoragePool = s.Host.StoragePool;
                b.StorageDriver = s.Host.StorageDriver;
                b.DiskTotal = s.Host.DiskTotal;
                b.DiskUsed = s.Host.DiskUsed;
            }
            return b;
        }
    }

    /// <summary>One row of Test-CtrBackend.</summary>
    public sealed class CtrBackendCheck
    {
        public string Backend { get; set; } = "";
        public string Check { get; set; } = "";
        public string Result { get; set; } = "";
        public string Detail { get; set; } = "";

        internal static CtrBackendCheck From(BackendCheck c) => new CtrBackendCheck
        {
            Backend = c.Backend,
            Check = c.Check,
            Result = c.Result.ToString(),
            Detail = c.Detail,
        };
    }
}
