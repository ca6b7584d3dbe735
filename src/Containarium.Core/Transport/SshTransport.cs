using Containarium.Core.Transport;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Model;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Containarium.Core.Transport
{
    /// <summary>
    /// SSH transport to one backend, directly or through a jump chain (SSH.NET). One connection, opened on first use and
    /// shared by any number of concurrent <see cref="RunAsync"/> calls (each command is its own channel). Key
    /// authentication only; host keys verified per hop (pin, known_hosts, or trust on first use — never a prompt).
    /// A dropped connection is re-established by the next call; a command that was running when it dropped fails with
    /// <see cref="TransportFailure.ConnectionLost"/> and is never re-run. A command that provably never reached the host
    /// (its channel was never confirmed) is re-run once on a fresh connection.
    /// </summary>
    public sealed class SshTransport : ICommandTransport
    {
        private static long s_totalHandshakes;

        private readonly SshConnectionSettings _settings;
        private readonly IReadOnlyList<SshHop> _hops;
        private readonly string _keyFile;
        private readonly string? _keyPassphrase;
        private readonly string? _pinnedFingerprint;
        private readonly string _knownHostsPath;
        private readonly TimeSpan _connectTimeout;
        private readonly TimeSpan _commandTimeout;
        private readonly TimeSpan _keepAliveInterval;
        private readonly int _maxSessions;
        private readonly SemaphoreSlim _connectLock = new SemaphoreSlim(1, 1);
        private PrivateKeyFile? _key;
        private SshRoute? _route; // read with Volatile.Read, swapped under the connect lock or by Interlocked.Exchange
        private IReadOnlyList<HostKeyResult> _hostKeys = Array.Empty<HostKeyResult>();
        private long _handshakes;
        private long _connects;
        private volatile bool _disposed;

        /// <summary>Takes a snapshot of <paramref name="settings"/>; later changes to that object do not affect this transport.</summary>
        public SshTransport(SshConnectionSettings settings)
        {
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            var user = settings.Target.UserName ?? Environment.UserName;
            _hops = settings.JumpHosts.Select(j => new SshHop(j, j.UserName ?? user, isJumpHost: true))
                .Concat(new[] { new SshHop(settings.Target, user, isJumpHost: false) }).ToList();
            _keyFile = settings.KeyFile;
            _keyPassphrase = settings.KeyPassphrase;
            _pinnedFingerprint = string.IsNullOrEmpty(settings.PinnedHostKeyFingerprint) ? null : settings.PinnedHostKeyFingerprint;
            _knownHostsPath = settings.KnownHostsPath;
            _connectTimeout = settings.ConnectTimeout;
            _commandTimeout = settings.CommandTimeout;
            _keepAliveInterval = settings.KeepAliveInterval;
            _maxSessions = settings.MaxSessions;
            RouteKey = settings.RouteKey;
            Description = _hops[_hops.Count - 1].Label + (_hops.Count > 1 ? " via " + string.Join(", ", _hops.Take(_hops.Count - 1).Select(h => h.Label)) : "");
        }

        /// <summary>Total SSH handshakes (one per hop per connect attempt) made by all transports in this process.</summary>
        public static long TotalHandshakeCount => Interlocked.Read(ref s_totalHandshakes);

        /// <summary>The settings this transport was created from (a snapshot of their values was taken then).</summary>
        public SshConnectionSettings Settings => _settings;

        public string RouteKey { get; }
        public string Description { get; }

        /// <summary>The target as "user@host:port".</summary>
        public string Target => _hops[_hops.Count - 1].Label;

        public bool IsConnected => Volatile.Read(ref _route)?.IsAlive ?? false;

        /// <summary>SSH handshakes this transport made (one per hop per connect attempt, failed ones included).</summary>
        public long HandshakeCount => Interlocked.Read(ref _handshakes);

        /// <summary>Routes established (first connect plus reconnects).</summary>
        public long ConnectCount => Interlocked.Read(ref _connects);

        /// <summary>Per hop (outermost first, target last), how its host key was accepted at the latest successful connect.</summary>
        public IReadOnlyList<HostKeyResult> HostKeys => Volatile.Read(ref _hostKeys);

        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            await GetRouteAsync(null, cancellationToken).ConfigureAwait(false);
        }

        public async Task<CommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken)
        {
            if (command is null) throw new ArgumentNullException(nameof(command));
            var route = await GetRouteAsync(null, cancellationToken).ConfigureAwait(false);
            using (var deadline = new CommandDeadline(command.Timeout ?? _commandTimeout, cancellationToken))
            {
                try
                {
                    return await SshCommandRun.RunAsync(route, command, deadline, Target).ConfigureAwait(false);
                }
                catch (CommandNotStartedException notStarted)
                {
                    // The connection had died before the command reached the host: reconnect once and run it there.
                    try
                    {
                        route = await GetRouteAsync(route, deadline.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (deadline.TimedOut)
                    {
                        throw deadline.ToException(Target, command.CommandLine);
                    }
                    try
                    {
                        return await SshCommandRun.RunAsync(route, command, deadline, Target).ConfigureAwait(false);
                    }
                    catch (CommandNotStartedException again)
                    {
                        throw new TransportException(TransportFailure.ConnectionLost, Target,
                            $"Connection to {Target} broke again before the command could start: {again.Message}", notStarted);
                    }
                }
            }
        }

        /// <summary>Closes the connection; the next call opens a new one.</summary>
        public void Disconnect()
        {
            var route = Interlocked.Exchange(ref _route, null);
            route?.Dispose();
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Disconnect();
            _key?.Dispose();
        }

        private async Task<SshRoute> GetRouteAsync(SshRoute? broken, CancellationToken cancellationToken)
        {
            var current = Volatile.Read(ref _route);
            if (current != null && current != broken && current.IsAlive) return current;
            await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_disposed) throw new ObjectDisposedException(nameof(SshTransport));
                current = Volatile.Read(ref _route);
                if (current != null && current != broken && current.IsAlive) return current;
                Volatile.Write(ref _route, null);
                if (current != null) _ = Task.Run(() => current.Dispose());

                var route = await SshRoute.ConnectAsync(BuildSpec(), cancellationToken).ConfigureAwait(false);
                if (_disposed)
                {
                    route.Dispose();
                    throw new ObjectDisposedException(nameof(SshTransport));
                }
                Volatile.Write(ref _hostKeys, route.HostKeys);
                Interlocked.Increment(ref _connects);
                Volatile.Write(ref _route, route);
                return route;
            }
            finally
            {
                _connectLock.Release();
            }
        }

        private SshRouteSpec BuildSpec()
        {
            if (string.IsNullOrWhiteSpace(_knownHostsPath))
                throw Configuration("KnownHostsPath is not set: host keys must be checked against (and recorded in) a known_hosts file.");
            if (_pinnedFingerprint != null && !HostKeyFingerprint.IsValidSha256(_pinnedFingerprint))
                throw Configuration($"Pinned host key fingerprint '{_pinnedFingerprint}' is not of the form SHA256:<43 base64 characters> (as printed by ssh-keygen -lf).");
            return new SshRouteSpec
            {
                Hops = _hops,
                Key = LoadKey(),
                KeyFile = _keyFile,
                Verifier = new HostKeyVerifier(new KnownHostsStore(_knownHostsPath), _pinnedFingerprint),
                ConnectTimeout = _connectTimeout,
                StallTimeout = StallTimeout(),
                KeepAliveInterval = _keepAliveInterval,
                MaxSessions = _maxSessions,
                OnHandshake = () =>
                {
                    Interlocked.Increment(ref _handshakes);
                    Interlocked.Increment(ref s_totalHandshakes);
                },
            };
        }

        /// <summary>How long SSH.NET may wait inside a live connection (e.g. for window space while the remote does not read stdin).</summary>
        private TimeSpan StallTimeout()
        {
            if (_commandTimeout == Timeout.InfiniteTimeSpan) return Timeout.InfiniteTimeSpan;
            var longest = _commandTimeout > _connectTimeout ? _commandTimeout : _connectTimeout;
            return longest.TotalMilliseconds >= int.MaxValue ? Timeout.InfiniteTimeSpan : longest;
        }

        /// <summary>Loads the key once (called under the connect lock); a failed load is not cached, so a fixed file works on the next call.</summary>
        private PrivateKeyFile LoadKey()
        {
            if (_key != null) return _key;
            var path = _keyFile;
            if (!File.Exists(path)) throw Configuration($"SSH key file '{path}' does not exist.");
            try
            {
                _key = string.IsNullOrEmpty(_keyPassphrase) ? new PrivateKeyFile(path) : new PrivateKeyFile(path, _keyPassphrase);
                return _key;
            }
            catch (SshPassPhraseNullOrEmptyException e)
            {
                throw Configuration($"SSH key file '{path}' is encrypted: a passphrase is needed.", e);
            }
            catch (Exception e) when (e is UnauthorizedAccessException || e is IOException)
            {
                throw Configuration($"SSH key file '{path}' cannot be read: {e.Message}", e);
            }
            catch (Exception e) when (!string.IsNullOrEmpty(_keyPassphrase))
            {
                throw Configuration($"SSH key file '{path}' could not be decrypted (wrong passphrase?) or is not a supported private key: {e.Message}", e);
            }
            catch (Exception e)
            {
                throw Configuration($"SSH key file '{path}' is not a supported private key (OpenSSH or PEM): {e.Message}", e);
            }
        }

        private TransportException Configuration(string message, Exception? inner = null) =>
            new TransportException(TransportFailure.Configuration, Target, message, inner);
    }
}
