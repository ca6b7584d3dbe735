using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Config;
using Containarium.Core.Incus;
using Containarium.Core.Transport;

namespace Containarium.Core.Backends
{
    /// <summary>What one SSH endpoint of a cluster backend answered at registration.</summary>
    public sealed class EndpointCheck
    {
        public EndpointCheck(string endpoint, string? member, IReadOnlyList<HostKeyResult> hostKeys, Exception? error)
        {
            Endpoint = endpoint;
            Member = member;
            HostKeys = hostKeys;
            Error = error;
        }

        public string Endpoint { get; }
        /// <summary>The cluster member that answered there (its Incus server_name).</summary>
        public string? Member { get; }
        public IReadOnlyList<HostKeyResult> HostKeys { get; }
        /// <summary>Unreachable endpoint (a warning: a member may be down); null when it answered.</summary>
        public Exception? Error { get; }
    }

    /// <summary>A backend's endpoints do not lead to members of one Incus cluster: nothing is registered.</summary>
    public sealed class ClusterMismatchException : InvalidOperationException
    {
        public ClusterMismatchException(string message) : base(message) { }
    }

    /// <summary>
    /// Checks every SSH endpoint of a backend being registered: each is contacted (so its host key is recorded per endpoint),
    /// and each that answers must be a member of the same Incus cluster, a different member per endpoint.
    /// </summary>
    public static class ClusterRegistration
    {
        public static async Task<IReadOnlyList<EndpointCheck>> CheckEndpointsAsync(BackendDefinition backend, BackendConnector connector,
            IReadOnlyList<ClusterMember> members, CancellationToken ct)
        {
            var endpoints = BackendEndpoints.All(backend);
            var checks = await Task.WhenAll(endpoints.Select((e, i) => CheckOneAsync(backend, connector, i, e.ToString(), ct))).ConfigureAwait(false);
            var known = new HashSet<string>(members.Select(m => m.Name), StringComparer.OrdinalIgnoreCase);
            foreach (var c in checks.Where(c => c.Error == null))
                if (c.Member == null || !known.Contains(c.Member))
                    throw new ClusterMismatchException($"Endpoint {c.Endpoint} answers as '{c.Member ?? "a host that is not clustered"}', which is not a member of the cluster ({string.Join(", ", known)}).");
            var twice = checks.Where(c => c.Member != null).GroupBy(c => c.Member!, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (twice != null)
                throw new ClusterMismatchException($"Endpoints {string.Join(" and ", twice.Select(c => c.Endpoint))} lead to the same member '{twice.Key}'; give one endpoint per member.");
            return checks;
        }

        private static async Task<EndpointCheck> CheckOneAsync(BackendDefinition backend, BackendConnector connector, int index, string label, CancellationToken ct)
        {
            // A pooled connection that dropped since its last use fails the first command; the second opens a fresh one.
            try { return await CheckOnceAsync(backend, connector, index, label, ct).ConfigureAwait(false); }
            catch (TransportException e) when (e.Failure == TransportFailure.ConnectionLost)
            {
                return await CheckOnceAsync(backend, connector, index, label, ct).ConfigureAwait(false);
            }
        }

        private static async Task<EndpointCheck> CheckOnceAsync(BackendDefinition backend, BackendConnector connector, int index, string label, CancellationToken ct)
        {
            var transport = connector.OpenEndpoint(backend, index);
            var keys = new Func<IReadOnlyList<HostKeyResult>>(() => transport is SshTransport s ? s.HostKeys : Array.Empty<HostKeyResult>());
            try
            {
                await transport.ConnectAsync(ct).ConfigureAwait(false);
                var server = await new IncusClient(transport) { RequestTimeout = BackendConnector.ClusterReadTimeout }.GetAsync("/1.0", ct).ConfigureAwait(false);
                string? name = null;
                if (server.TryGetProperty("environment", out var env) && env.TryGetProperty("server_clustered", out var c) && c.ValueKind == System.Text.Json.JsonValueKind.True)
                    name = HostInfo.Str(env, "server_name");
                return new EndpointCheck(label, name, keys(), null);
            }
            catch (Exception e) when (e is TransportException || e is IncusException)
            {
                // A changed host key or a refused login is the admin's to fix, not a member that is down.
                if (e is TransportException t && t.Failure != TransportFailure.Unreachable) throw;
                return new EndpointCheck(label, null, keys(), e);
            }
        }
    }
}
