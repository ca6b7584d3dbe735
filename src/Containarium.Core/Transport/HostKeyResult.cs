namespace Containarium.Core.Transport
{
    public enum HostKeyStatus
    {
        /// <summary>The key matched an entry already in known_hosts.</summary>
        Known,
        /// <summary>No entry existed: the key was trusted on first use and recorded.</summary>
        Recorded,
        /// <summary>The key matched the pinned fingerprint (and is recorded in known_hosts).</summary>
        Pinned,
    }

    /// <summary>What happened to one hop's host key during a connect.</summary>
    public sealed class HostKeyResult
    {
        public HostKeyResult(string hop, string knownHostsName, bool isJumpHost, string keyType, string fingerprint, HostKeyStatus status)
        {
            Hop = hop;
            KnownHostsName = knownHostsName;
            IsJumpHost = isJumpHost;
            KeyType = keyType;
            Fingerprint = fingerprint;
            Status = status;
        }

        /// <summary>The hop as "user@host:port".</summary>
        public string Hop { get; }

        /// <summary>The name the key is filed under in known_hosts ("host" or "[host]:port").</summary>
        public string KnownHostsName { get; }

        public bool IsJumpHost { get; }
        public string KeyType { get; }

        /// <summary>"SHA256:…" as printed by <c>ssh-keygen -lf</c>.</summary>
        public string Fingerprint { get; }

        public HostKeyStatus Status { get; }

        public override string ToString()
        {
            var what = Status == HostKeyStatus.Recorded ? "recorded new host key"
                : Status == HostKeyStatus.Pinned ? "pinned host key matched" : "known host key";
            return $"{what} for {KnownHostsName} ({KeyType} {Fingerprint})";
        }
    }
}
