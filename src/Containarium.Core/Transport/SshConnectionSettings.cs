using System;
using System.Collections.Generic;
using Containarium.Core.Model;

namespace Containarium.Core.Transport
{
    /// <summary>Everything needed to open an SSH session to a backend, possibly through a chain of jump hosts.</summary>
    public sealed class SshConnectionSettings
    {
        public SshConnectionSettings(SshEndpoint target, string keyFile)
        {
            Target = target ?? throw new ArgumentNullException(nameof(target));
            KeyFile = keyFile ?? throw new ArgumentNullException(nameof(keyFile));
        }

        /// <summary>The backend host itself. Its UserName is the login; hops without a user name use it too.</summary>
        public SshEndpoint Target { get; }

        /// <summary>Jump hosts, outermost first (OpenSSH ProxyJump order).</summary>
        public IReadOnlyList<SshEndpoint> JumpHosts { get; set; } = Array.Empty<SshEndpoint>();

        /// <summary>Private key file (OpenSSH or PEM) used for the target and every hop.</summary>
        public string KeyFile { get; }

        public string? KeyPassphrase { get; set; }

        /// <summary>Pinned "SHA256:…" fingerprint of the target's host key; when set, only this key is accepted.</summary>
        public string? PinnedHostKeyFingerprint { get; set; }

        /// <summary>OpenSSH-format known_hosts file of the module (trust on first use is recorded here).</summary>
        public string KnownHostsPath { get; set; } = "";

        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
        public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(30);
        public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Most commands (channels) run at once on the connection; more wait for a free slot. Match sshd's MaxSessions (default 10).</summary>
        public int MaxSessions
        {
            get => _maxSessions;
            set => _maxSessions = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxSessions), value, "MaxSessions must be at least 1.");
        }

        private int _maxSessions = 10;

        /// <summary>Identity of the route, used as the connection-pool key.</summary>
        public string RouteKey
        {
            get
            {
                var hops = new List<string>();
                foreach (var j in JumpHosts) hops.Add(j.ToString());
                return string.Join(",", hops) + "->" + Target + "|" + KeyFile + "|" + (PinnedHostKeyFingerprint ?? "") + "|" + KnownHostsPath;
            }
        }
    }
}
