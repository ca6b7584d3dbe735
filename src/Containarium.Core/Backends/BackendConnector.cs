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
            return SshConnectionPool.Shared.Get(Settings(backend));
        }

        public IncusClient Incus(BackendDefinition backend) => new IncusClient(Open(backend));

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

        public SshConnectionSettings Settings(BackendDefinition backend)
        {
            var target = new SshEndpoint(backend.HostName, backend.Port, backend.UserName);
            return new SshConnectionSettings(target, ExpandHome(backend.KeyFile))
            {
                JumpHosts = SshEndpoint.ParseChain(backend.JumpHosts),
                PinnedHostKeyFingerprint = backend.HostKeyFingerprint,
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
