using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Model;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Containarium.Core.Transport
{
    /// <summary>One hop of a route: its logical endpoint (used for host keys and messages) and the login used there.</summary>
    internal sealed class SshHop
    {
        public SshHop(SshEndpoint endpoint, string userName, bool isJumpHost)
        {
            Endpoint = endpoint;
            UserName = userName;
            IsJumpHost = isJumpHost;
            Label = userName + "@" + new SshEndpoint(endpoint.Host, endpoint.Port).ToString();
        }

        public SshEndpoint Endpoint { get; }
        public string UserName { get; }
        public bool IsJumpHost { get; }

        /// <summary>"user@host:port", as used in messages and <see cref="TransportException.Hop"/>.</summary>
        public string Label { get; }

        public string Role => IsJumpHost ? "jump host" : "host";
    }

    /// <summary>What a route needs to connect; built by <see cref="SshTransport"/> for every connect.</summary>
    internal sealed class SshRouteSpec
    {
        public IReadOnlyList<SshHop> Hops = Array.Empty<SshHop>();
        public IPrivateKeySource Key = null!;
        public string KeyFile = "";
        public HostKeyVerifier Verifier = null!;
        public TimeSpan ConnectTimeout;
        public TimeSpan StallTimeout;
        public TimeSpan KeepAliveInterval;
        public int MaxSessions;
        public Action OnHandshake = () => { };
    }

    /// <summary>
    /// A connected chain of SSH sessions: hop i opens a local forward (127.0.0.1, ephemeral port, accepting exactly one
    /// connection) to hop i+1, whose client connects through it; the last client is the target. Commands run on the
    /// target; <see cref="Channels"/> caps concurrent channels at the server's MaxSessions so no thread ever blocks inside
    /// SSH.NET's own session semaphore.
    /// </summary>
    internal sealed class SshRoute : IDisposable
    {
        private readonly List<SshClient> _clients;
        private readonly List<ForwardedPortLocal> _forwards;
        private int _disposed;

        private SshRoute(List<SshClient> clients, List<ForwardedPortLocal> forwards, IReadOnlyList<HostKeyResult> hostKeys, int maxSessions)
        {
            _clients = clients;
            _forwards = forwards;
            HostKeys = hostKeys;
            Channels = new SemaphoreSlim(maxSessions, maxSessions);
        }

        public SshClient Target => _clients[_clients.Count - 1];
        public SemaphoreSlim Channels { get; }
        public IReadOnlyList<HostKeyResult> HostKeys { get; }

        public bool IsAlive
        {
            get
            {
                if (Volatile.Read(ref _disposed) != 0) return false;
                try { return Target.IsConnected; }
                catch (ObjectDisposedException) { return false; }
            }
        }

        public static async Task<SshRoute> ConnectAsync(SshRouteSpec spec, CancellationToken cancellationToken)
        {
            var clients = new List<SshClient>();
            var forwards = new List<ForwardedPortLocal>();
            var hostKeys = new List<HostKeyResult>();
            try
            {
                var host = spec.Hops[0].Endpoint.Host;
                var port = spec.Hops[0].Endpoint.Port;
                Func<string?> forwardError = () => null;
                for (var i = 0; i < spec.Hops.Count; i++)
                {
                    var hop = spec.Hops[i];
                    var verdict = new HostKeyVerdict();
                    var client = CreateClient(spec, hop, host, port, verdict);
                    clients.Add(client);
                    await ConnectHopAsync(spec, hop, i > 0 ? spec.Hops[i - 1] : null, client, verdict, forwardError, cancellationToken).ConfigureAwait(false);
                    hostKeys.Add(verdict.Result!);
                    if (i + 1 < spec.Hops.Count)
                    {
                        var forward = OpenForward(client, spec.Hops[i + 1].Endpoint, out forwardError);
                        forwards.Add(forward);
                        host = "127.0.0.1";
                        port = (int)forward.BoundPort;
                    }
                }
                // From here on SSH.NET's session timeout only bounds waits inside a live connection (channel open, exec
                // reply, window space for stdin); the command deadline is enforced by the caller.
                foreach (var client in clients) client.ConnectionInfo.Timeout = spec.StallTimeout;
                return new SshRoute(clients, forwards, hostKeys, spec.MaxSessions);
            }
            catch
            {
                _ = Task.Run(() => DisposeChain(clients, forwards));
                throw;
            }
        }

        private static SshClient CreateClient(SshRouteSpec spec, SshHop hop, string host, int port, HostKeyVerdict verdict)
        {
            var info = new ConnectionInfo(host, port, hop.UserName, new PrivateKeyAuthenticationMethod(hop.UserName, spec.Key))
            {
                Timeout = spec.ConnectTimeout,
                MaxSessions = spec.MaxSessions,
            };
            PreferRecordedKeyTypes(info, spec.Verifier.RecordedKeyTypes(hop.Endpoint));
            var client = new SshClient(info);
            if (spec.KeepAliveInterval > TimeSpan.Zero) client.KeepAliveInterval = spec.KeepAliveInterval;
            client.HostKeyReceived += (sender, e) =>
            {
                try
                {
                    var result = spec.Verifier.Verify(hop.Endpoint, hop.Label, hop.IsJumpHost, e.HostKey);
                    if (verdict.Result == null) verdict.Result = result;
                    e.CanTrust = true;
                }
                catch (Exception rejection)
                {
                    verdict.Rejection = rejection;
                    e.CanTrust = false;
                }
            };
            return client;
        }

        /// <summary>
        /// Moves host key algorithms of the key types already recorded for this host to the front, so a server with several
        /// host keys presents the one on file (OpenSSH does the same) instead of failing as "changed".
        /// </summary>
        private static void PreferRecordedKeyTypes(ConnectionInfo info, IReadOnlyList<string> recordedTypes)
        {
            if (recordedTypes.Count == 0) return;
            var all = info.HostKeyAlgorithms.ToList();
            bool Preferred(string algorithm) => recordedTypes.Any(t => t == algorithm || (t == "ssh-rsa" && algorithm.StartsWith("rsa-sha2-", StringComparison.Ordinal)));
            info.HostKeyAlgorithms.Clear();
            foreach (var pair in all.Where(p => Preferred(p.Key)).Concat(all.Where(p => !Preferred(p.Key))))
                info.HostKeyAlgorithms.Add(pair.Key, pair.Value);
        }

        private static async Task ConnectHopAsync(SshRouteSpec spec, SshHop hop, SshHop? via, SshClient client, HostKeyVerdict verdict,
            Func<string?> forwardError, CancellationToken cancellationToken)
        {
            spec.OnHandshake();
            var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(spec.ConnectTimeout);
            var fired = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var registration = limit.Token.Register(() => fired.TrySetResult(true));
            // SSH.NET's ConnectAsync is asynchronous only up to the version exchange; key exchange and authentication
            // block, each bounded by ConnectionInfo.Timeout. The race below bounds the whole handshake.
            var connecting = Task.Run(() => client.ConnectAsync(limit.Token));
            await Task.WhenAny(connecting, fired.Task).ConfigureAwait(false);
            if (!connecting.IsCompleted)
            {
                _ = connecting.ContinueWith(_ =>
                {
                    client.Dispose();
                    registration.Dispose();
                    limit.Dispose();
                }, TaskScheduler.Default);
                cancellationToken.ThrowIfCancellationRequested();
                throw Unreachable(hop, forwardError() ?? $"no SSH handshake within {spec.ConnectTimeout}", null);
            }
            registration.Dispose();
            limit.Dispose();
            if (connecting.Status == TaskStatus.RanToCompletion)
            {
                if (verdict.Result == null) throw new InvalidOperationException("SSH.NET connected without presenting a host key.");
                return;
            }
            throw Classify(spec, hop, via, verdict, connecting.Exception?.GetBaseException() ?? new OperationCanceledException(), forwardError, cancellationToken);
        }

        private static Exception Classify(SshRouteSpec spec, SshHop hop, SshHop? via, HostKeyVerdict verdict, Exception failure,
            Func<string?> forwardError, CancellationToken cancellationToken)
        {
            if (verdict.Rejection is TransportException rejected) return rejected;
            if (verdict.Rejection != null)
                return new TransportException(TransportFailure.Configuration, hop.Label,
                    $"Could not check or record the host key of {hop.Role} {hop.Label}: {verdict.Rejection.Message}", verdict.Rejection);
            if (failure is SshAuthenticationException)
                return new TransportException(TransportFailure.AuthenticationFailed, hop.Label,
                    $"{Capitalized(hop.Role)} {hop.Label} refused the key '{spec.KeyFile}' for user {hop.UserName}: {failure.Message}", failure);
            if (cancellationToken.IsCancellationRequested) return new OperationCanceledException("Connect was cancelled.", failure, cancellationToken);
            string reason;
            if (forwardError() is string forwardFailure) reason = forwardFailure;
            else if (failure is SshOperationTimeoutException || failure is OperationCanceledException) reason = $"no SSH handshake within {spec.ConnectTimeout}";
            else if (via != null && failure is SshConnectionException)
                // SSH.NET does not surface the jump's "open failed" reason; a tunnel closed before SSH started means the jump could not connect.
                reason = $"{via.Role} {via.Label} could not open a connection to it (refused, unreachable or unknown name as seen from there): {failure.Message}";
            else reason = failure.Message;
            return Unreachable(hop, reason, failure);
        }

        private static TransportException Unreachable(SshHop hop, string reason, Exception? inner) =>
            new TransportException(TransportFailure.Unreachable, hop.Label, $"{Capitalized(hop.Role)} {hop.Label} unreachable: {reason}", inner);

        private static string Capitalized(string s) => char.ToUpperInvariant(s[0]) + s.Substring(1);

        private static ForwardedPortLocal OpenForward(SshClient client, SshEndpoint next, out Func<string?> firstError)
        {
            var forward = new ForwardedPortLocal("127.0.0.1", 0, next.Host, (uint)next.Port);
            var accepted = 0;
            string? error = null;
            // The listener is reachable by any local process; only the first connection (ours, made right after Start) may
            // use it. Throwing from RequestReceived makes SSH.NET close that socket before opening a channel.
            forward.RequestReceived += (sender, e) =>
            {
                if (Interlocked.Increment(ref accepted) > 1) throw new InvalidOperationException("This forward serves a single connection.");
            };
            forward.Exception += (sender, e) => Interlocked.CompareExchange(ref error, e.Exception.Message, null);
            client.AddForwardedPort(forward);
            forward.Start();
            firstError = () => Volatile.Read(ref error);
            return forward;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            DisposeChain(_clients, _forwards);
        }

        /// <summary>Innermost first: the target, then each jump with its forward. Short timeouts so teardown never lingers.</summary>
        private static void DisposeChain(List<SshClient> clients, List<ForwardedPortLocal> forwards)
        {
            foreach (var client in clients)
            {
                try { client.ConnectionInfo.Timeout = TimeSpan.FromSeconds(2); }
                catch (ObjectDisposedException) { }
            }
            for (var i = clients.Count - 1; i >= 0; i--)
            {
                try { clients[i].Dispose(); }
                catch (Exception) { /* a broken session may throw while disconnecting; it is gone either way */ }
                if (i - 1 >= 0 && i - 1 < forwards.Count)
                {
                    try { forwards[i - 1].Dispose(); }
                    catch (Exception) { }
                }
            }
        }

        private sealed class HostKeyVerdict
        {
            public HostKeyResult? Result;
            public Exception? Rejection;
        }
    }
}
