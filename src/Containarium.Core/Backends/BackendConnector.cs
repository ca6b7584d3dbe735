using System;
using System.Collections.Concurrent;
using System.Linq;
using Containarium.Core.Config;
using Containarium.Core.Incus;
using Containarium.Core.Model;
using Containarium.Core.Transport;

namespace Containarium.Core.Backends
{
    /// <summary>Opens (or reuses) the transport for a backend: one pooled SSH connection per route, or the local shell.</summary>
    public sealed class BackendConnector
    {
        private static readonly ConcurrentDictionary<string, LocalTransport> LocalTransports = new ConcurrentDictionary<string, LocalTransport>();
        private static readonly ConcurrentDictionary<string, PreferredEndpoint> Preferred = new ConcurrentDictionary<string, PreferredEndpoint>(StringComparer.Ordinal);
        private readonly ConfigStore _store;
        private readonly Preferences _preferences;

        public BackendConnector(ConfigStore store, Preferences preferences)
        {
            _store = store;
            _preferences = preferences;
        }

        public ICommandTransport Open(BackendDefinition backend)
        {
            if (backend.Transport == TransportKind.Local)
            {
                var key = string.Join(";", backend.Environment.OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value));
                return LocalTransports.GetOrAdd(key, _ => new LocalTransport(backend.Environment));
            }
            var endpoints = BackendEndpoints.All(backend);
            if (endpoints.Count == 1) return SshConnectionPool.Shared.Get(Settings(backend));
            var opens = Enumerable.Range(0, endpoints.Count).Select(i => (Func<ICommandTransport>)(() => OpenEndpoint(backend, i))).ToList();
            var routeKey = backend.Name + "|" + string.Join(",", endpoints) + "|" + _store.KnownHostsPath;
            return new FailoverTransport(opens, endpoints.Select(e => e.ToString()).ToList(), Preferred.GetOrAdd(routeKey, _ => new PreferredEndpoint()),
                IncusClient.ShowsDaemonDown);
        }

        /// <summary>The transport of one SSH endpoint of a multi-endpoint backend (index in <see cref="BackendEndpoints.All"/>).</summary>
        public ICommandTransport OpenEndpoint(BackendDefinition backend, int index)
        {
            if (backend.Transport == TransportKind.Local) return Open(backend);
            return SshConnectionPool.Shared.Get(Settings(backend, BackendEndpoints.All(backend)[index]));
        }

        /// <summary>
        /// The transport of a cluster member's own SSH endpoint: what runs there (an `incus import`) lands on that member.
        /// Throws <see cref="Cluster.MemberUnavailableException"/> when no endpoint of the backend is on record for it.
        /// </summary>
        public ICommandTransport OpenMember(BackendDefinition backend, string member)
        {
            var all = BackendEndpoints.All(backend);
            if (backend.MemberEndpoints != null && backend.MemberEndpoints.TryGetValue(member, out var text))
            {
                var wanted = SshEndpoint.Parse(text);
                for (var i = 0; i < all.Count; i++)
                    if (string.Equals(all[i].Host, wanted.Host, StringComparison.OrdinalIgnoreCase) && all[i].Port == wanted.Port)
                        return OpenEndpoint(backend, i);
            }
            throw new Cluster.MemberUnavailableException(backend.Name, member,
                $"Backend '{backend.Name}' has no SSH endpoint on record for member '{member}', so nothing can be placed on it directly; " +
                $"add its endpoint with Set-CtrBackend {backend.Name} -HostName (every member's host[:port]).");
        }

        /// <summary>Bound on each read from a cluster backend.</summary>
        public static readonly TimeSpan ClusterReadTimeout = TimeSpan.FromSeconds(15);

        public IncusClient Incus(BackendDefinition backend) =>
            new IncusClient(Open(backend)) { RequestTimeout = backend.Cluster == true ? ClusterReadTimeout : (TimeSpan?)null };

        /// <summary>A connection to jump host <paramref name="index"/> of the backend's route (through the hops before it).</summary>
        public ICommandTransport OpenHop(BackendDefinition backend, int index)
        {
            var chain = SshEndpoint.ParseChain(backend.JumpHosts);
            var hop = chain[index];
            var target = new SshEndpoint(hop.Host, hop.Port, hop.UserName ?? backend.UserName);
            var settings = new SshConnectionSettings(target, ExpandHome(backend.KeyFile))
            {
                JumpHosts = chain.Take(index).ToList(),
                KnownHostsPath = _store.KnownHostsPath,
                KeyPassphrase = KeyPassphrases.Get(ExpandHome(backend.KeyFile)),
                ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, _preferences.ConnectTimeoutSeconds)),
                CommandTimeout = TimeSpan.FromSeconds(Math.Max(1, _preferences.CommandTimeoutSeconds)),
            };
            return SshConnectionPool.Shared.Get(settings);
        }

        /// <summary>Settings for the backend's (first) endpoint.</summary>
        public SshConnectionSettings Settings(BackendDefinition backend) => Settings(backend, BackendEndpoints.All(backend)[0]);

        private SshConnectionSettings Settings(BackendDefinition backend, SshEndpoint endpoint)
        {
            var target = new SshEndpoint(endpoint.Host, endpoint.Port, backend.UserName);
            // A pin names one key: it holds only for a one-endpoint backend; each member's key is recorded on first use.
            var single = backend.Endpoints == null || backend.Endpoints.Count <= 1;
            return new SshConnectionSettings(target, ExpandHome(backend.KeyFile))
            {
                JumpHosts = SshEndpoint.ParseChain(backend.JumpHosts),
                PinnedHostKeyFingerprint = single ? backend.HostKeyFingerprint : null,
                KnownHostsPath = _store.KnownHostsPath,
                KeyPassphrase = KeyPassphrases.Get(ExpandHome(backend.KeyFile)),
                ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, _preferences.ConnectTimeoutSeconds)),
                CommandTimeout = TimeSpan.FromSeconds(Math.Max(1, _preferences.CommandTimeoutSeconds)),
            };
        }

        public static string ExpandHome(string path)
        {
            if (path.StartsWith("~/", StringComparison.Ordinal) || path == "~")
                return System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path.Substring(2) : "");
            return path;
        }
    }

    /// <summary>Key passphrases live only in this process's memory; they are never written to the config file.</summary>
    public static class KeyPassphrases
    {
        private static readonly ConcurrentDictionary<string, string> Map = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        public static void Set(string keyFile, string passphrase) => Map[keyFile] = passphrase;

        public static string? Get(string keyFile) => Map.TryGetValue(keyFile, out var p) ? p : null;
    }
}
