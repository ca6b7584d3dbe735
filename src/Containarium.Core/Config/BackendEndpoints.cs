using System;
using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Model;

namespace Containarium.Core.Config
{
    /// <summary>The SSH endpoints of a backend: one for a host, one per member for an Incus cluster.</summary>
    public static class BackendEndpoints
    {
        /// <summary>Every endpoint in the order they are tried, each with the backend's login.</summary>
        public static IReadOnlyList<SshEndpoint> All(BackendDefinition backend)
        {
            if (backend.Endpoints == null || backend.Endpoints.Count == 0)
                return new[] { new SshEndpoint(backend.HostName, backend.Port, NullIfEmpty(backend.UserName)) };
            var list = backend.Endpoints.Select(e => WithUser(SshEndpoint.Parse(e), backend.UserName)).ToList();
            var repeated = list.GroupBy(e => e.KnownHostsName, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (repeated != null) throw new ArgumentException($"endpoint '{repeated.Key}' is listed twice.");
            return list;
        }

        /// <summary>Parses -HostName values ("host[:port]", at least one); <paramref name="defaultPort"/> applies where none is given.</summary>
        public static IReadOnlyList<SshEndpoint> Parse(IEnumerable<string> hostNames, int defaultPort, string userName)
        {
            var list = new List<SshEndpoint>();
            foreach (var text in hostNames.SelectMany(h => (h ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)))
            {
                var parsed = SshEndpoint.Parse(text);
                if (parsed.UserName != null) throw new ArgumentException($"'{text}': give the login with -UserName, not in the host name.");
                // SshEndpoint.Parse says 22 when no port is written; then -Port applies.
                var written = parsed.Port != 22 || text.Trim().EndsWith(":22", StringComparison.Ordinal);
                list.Add(new SshEndpoint(parsed.Host, written ? parsed.Port : defaultPort, userName));
            }
            if (list.Count == 0) throw new ArgumentException("No host name given.");
            var repeated = list.GroupBy(e => e.KnownHostsName, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (repeated != null) throw new ArgumentException($"Endpoint '{repeated.Key}' is given twice.");
            return list;
        }

        /// <summary>"host:port" (IPv6 in brackets) as stored in <see cref="BackendDefinition.Endpoints"/>.</summary>
        public static string Spell(SshEndpoint e) =>
            (e.Host.Contains(":") ? "[" + e.Host + "]" : e.Host) + ":" + e.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static SshEndpoint WithUser(SshEndpoint e, string user) => new SshEndpoint(e.Host, e.Port, NullIfEmpty(user));

        private static string? NullIfEmpty(string s) => string.IsNullOrEmpty(s) ? null : s;
    }
}
