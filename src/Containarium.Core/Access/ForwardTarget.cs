using System;
using System.Globalization;
using Containarium.Core.Validation;

namespace Containarium.Core.Access
{
    /// <summary>
    /// One host:port a jump account may open a tunnel to. sshd compares permitopen hosts as text, without resolving
    /// names: the SSH config must ask for exactly this spelling (127.0.0.1 is not localhost).
    /// </summary>
    public sealed class ForwardTarget : IEquatable<ForwardTarget>
    {
        public ForwardTarget(string host, int port)
        {
            NameRules.EnsureHostName(host);
            NameRules.EnsurePort(port);
            if (host.IndexOf('%') >= 0) throw new ArgumentException($"Forward target {ValueDisplay.Show(host)}: zone ids are not accepted.");
            Host = host;
            Port = port;
        }

        public string Host { get; }
        public int Port { get; }

        /// <summary>permitopen spelling: host:port, IPv6 as [addr]:port.</summary>
        public string PermitOpenValue =>
            (Host.IndexOf(':') >= 0 ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

        public bool Equals(ForwardTarget? other) => other != null && Port == other.Port && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase);
        public override bool Equals(object? obj) => Equals(obj as ForwardTarget);
        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Host) ^ Port;
        public override string ToString() => PermitOpenValue;
    }
}
