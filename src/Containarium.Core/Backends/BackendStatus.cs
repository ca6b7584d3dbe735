using System;
using System.Collections.Generic;
using Containarium.Core.Config;
using Containarium.Core.Incus;
using Containarium.Core.Transport;

namespace Containarium.Core.Backends
{
    public enum BackendState
    {
        Online,
        Unreachable,
        /// <summary>A cluster that answers while one of its members is offline or evacuated.</summary>
        Degraded,
    }

    /// <summary>One backend's registration plus what its host answered (or why it did not).</summary>
    public sealed class BackendStatus
    {
        public BackendStatus(BackendDefinition definition, BackendState state, HostInfo? host, Exception? error, TimeSpan elapsed)
        {
            Definition = definition;
            State = state;
            Host = host;
            Error = error;
            Elapsed = elapsed;
        }

        public BackendDefinition Definition { get; }
        public BackendState State { get; }
        public HostInfo? Host { get; }
        public Exception? Error { get; }
        public TimeSpan Elapsed { get; }

        /// <summary>Host keys seen while connecting (recorded on first use, known, or pinned).</summary>
        public IReadOnlyList<HostKeyResult> HostKeys { get; set; } = Array.Empty<HostKeyResult>();

        /// <summary>The members of a cluster backend (null for a single host).</summary>
        public IReadOnlyList<ClusterMember>? Members { get; set; }
    }
}
