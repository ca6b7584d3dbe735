using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Containarium.Core.Transport
{
    /// <summary>
    /// One <see cref="SshTransport"/> per route (<see cref="SshConnectionSettings.RouteKey"/>), shared by every caller in
    /// the process so a session makes one handshake per backend. Transports connect lazily and keep no failure state, so
    /// a route that failed to connect is simply tried again by the next caller.
    /// </summary>
    public sealed class SshConnectionPool
    {
        private readonly object _sync = new object();
        private readonly Dictionary<string, SshTransport> _transports = new Dictionary<string, SshTransport>(StringComparer.Ordinal);

        /// <summary>The process-wide pool (the module disposes it when it is removed).</summary>
        public static SshConnectionPool Shared { get; } = new SshConnectionPool();

        public int Count
        {
            get { lock (_sync) return _transports.Count; }
        }

        /// <summary>
        /// The pooled transport for the route, created if missing. When the route's other settings (passphrase, timeouts,
        /// keep-alive, MaxSessions) changed, the old transport is closed and replaced.
        /// </summary>
        public SshTransport Get(SshConnectionSettings settings)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            var key = settings.RouteKey;
            SshTransport? replaced = null;
            SshTransport transport;
            lock (_sync)
            {
                if (_transports.TryGetValue(key, out var existing) && SameOptions(existing.Settings, settings)) return existing;
                replaced = existing;
                transport = new SshTransport(Snapshot(settings));
                _transports[key] = transport;
            }
            replaced?.Dispose();
            return transport;
        }

        /// <summary>Closes and forgets the route's transport (e.g. when a backend is unregistered). False if there was none.</summary>
        public bool Remove(string routeKey)
        {
            SshTransport? transport;
            lock (_sync)
            {
                if (!_transports.TryGetValue(routeKey, out transport)) return false;
                _transports.Remove(routeKey);
            }
            transport.Dispose();
            return true;
        }

        /// <summary>Closes every pooled connection (in parallel; a dead route does not hold up the others).</summary>
        public void DisposeAll()
        {
            List<SshTransport> all;
            lock (_sync)
            {
                all = _transports.Values.ToList();
                _transports.Clear();
            }
            Task.WaitAll(all.Select(t => Task.Run(() => t.Dispose())).ToArray(), TimeSpan.FromSeconds(10));
        }

        private static bool SameOptions(SshConnectionSettings a, SshConnectionSettings b) =>
            a.KeyPassphrase == b.KeyPassphrase && a.ConnectTimeout == b.ConnectTimeout && a.CommandTimeout == b.CommandTimeout &&
            a.KeepAliveInterval == b.KeepAliveInterval && a.MaxSessions == b.MaxSessions;

        /// <summary>A private copy, so that a caller mutating its settings object later cannot make the pooled entry lie.</summary>
        private static SshConnectionSettings Snapshot(SshConnectionSettings s) =>
            new SshConnectionSettings(s.Target, s.KeyFile)
            {
                JumpHosts = s.JumpHosts.ToList(),
                KeyPassphrase = s.KeyPassphrase,
                PinnedHostKeyFingerprint = s.PinnedHostKeyFingerprint,
                KnownHostsPath = s.KnownHostsPath,
                ConnectTimeout = s.ConnectTimeout,
                CommandTimeout = s.CommandTimeout,
                KeepAliveInterval = s.KeepAliveInterval,
                MaxSessions = s.MaxSessions,
            };
    }
}
