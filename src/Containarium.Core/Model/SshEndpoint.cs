using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Containarium.Core.Validation;

namespace Containarium.Core.Model
{
    /// <summary>One SSH hop, written in OpenSSH ProxyJump syntax: [user@]host[:port] (IPv6 as [addr]:port).</summary>
    public sealed class SshEndpoint : IEquatable<SshEndpoint>
    {
        public SshEndpoint(string host, int port = 22, string? userName = null)
        {
            NameRules.EnsureHostName(host);
            NameRules.EnsurePort(port);
            if (userName != null) NameRules.EnsureSshLogin(userName);
            Host = host;
            Port = port;
            UserName = userName;
        }

        public string Host { get; }
        public int Port { get; }
        public string? UserName { get; }

        /// <summary>Parses one hop; throws <see cref="ArgumentException"/> naming the bad part.</summary>
        public static SshEndpoint Parse(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("Empty SSH endpoint.");
            var s = text.Trim();
            if (s.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase)) s = s.Substring(6);
            string? user = null;
            var at = s.LastIndexOf('@');
            if (at >= 0)
            {
                user = s.Substring(0, at);
                s = s.Substring(at + 1);
            }
            string host;
            var port = 22;
            if (s.StartsWith("["))
            {
                var close = s.IndexOf(']');
                if (close < 0) throw new ArgumentException($"'{text}': missing ']' after an IPv6 address.");
                host = s.Substring(1, close - 1);
                var rest = s.Substring(close + 1);
                if (rest.Length > 0)
                {
                    if (!rest.StartsWith(":")) throw new ArgumentException($"'{text}': expected ':port' after ']'.");
                    port = ParsePort(rest.Substring(1), text);
                }
            }
            else
            {
                var colon = s.IndexOf(':');
                if (colon >= 0 && s.IndexOf(':', colon + 1) < 0)
                {
                    host = s.Substring(0, colon);
                    port = ParsePort(s.Substring(colon + 1), text);
                }
                else host = s;
            }
            try { return new SshEndpoint(host, port, user); }
            catch (ArgumentException e) { throw new ArgumentException($"'{text}': {e.Message}"); }
        }

        /// <summary>Parses a ProxyJump chain: hops separated by commas, outermost first.</summary>
        public static IReadOnlyList<SshEndpoint> ParseChain(IEnumerable<string> parts) =>
            parts.SelectMany(p => (p ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
                 .Select(Parse).ToList();

        private static int ParsePort(string s, string text)
        {
            if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                throw new ArgumentException($"'{text}': port '{s}' is not a number.");
            return port;
        }

        /// <summary>known_hosts spelling: "host" for port 22, "[host]:port" otherwise.</summary>
        public string KnownHostsName => Port == 22 ? Host : $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}";

        public override string ToString()
        {
            var host = Host.Contains(":") ? "[" + Host + "]" : Host;
            var prefix = UserName == null ? "" : UserName + "@";
            return Port == 22 ? prefix + host : prefix + host + ":" + Port.ToString(CultureInfo.InvariantCulture);
        }

        public bool Equals(SshEndpoint? other) =>
            other != null && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) && Port == other.Port && UserName == other.UserName;
        public override bool Equals(object? obj) => Equals(obj as SshEndpoint);
        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Host) ^ Port ^ (UserName?.GetHashCode() ?? 0);
    }
}
