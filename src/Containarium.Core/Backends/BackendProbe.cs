using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Config;
using Containarium.Core.Incus;
using Containarium.Core.Transport;

namespace Containarium.Core.Backends
{
    /// <summary>Asks backends for their live state, all in parallel; a dead one costs at most its connect timeout.</summary>
    public sealed class BackendProbe
    {
        private readonly BackendConnector _connector;

        public BackendProbe(BackendConnector connector)
        {
            _connector = connector;
        }

        /// <summary>Starts one probe per backend; the tasks complete independently so callers can stream results.</summary>
        public IReadOnlyList<Task<BackendStatus>> Start(IEnumerable<BackendDefinition> backends, CancellationToken ct) =>
            backends.Select(b => Task.Run(() => ProbeAsync(b, ct), ct)).ToList();

        public async Task<BackendStatus> ProbeAsync(BackendDefinition backend, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            ICommandTransport? transport = null;
            try
            {
                transport = _connector.Open(backend);
                await transport.ConnectAsync(ct).ConfigureAwait(false);
                var incus = new IncusClient(transport) { RequestTimeout = backend.Cluster == true ? BackendConnector.ClusterReadTimeout : (TimeSpan?)null };
                var info = await HostInfo.ReadAsync(incus, ct, transport.Description).ConfigureAwait(false);
                if (!info.Clustered)
                    return new BackendStatus(backend, BackendState.Online, info, null, clock.Elapsed) { HostKeys = HostKeysOf(transport) };
                var members = await ClusterReader.ReadMembersAsync(incus, info.StoragePool, ct).ConfigureAwait(false);
                ClusterFigures.SumInto(info, members);
                var state = members.All(m => m.IsOnline) ? BackendState.Online : BackendState.Degraded;
                return new BackendStatus(backend, state, info, null, clock.Elapsed) { HostKeys = HostKeysOf(transport), Members = members };
            }
            catch (Exception e) when (e is TransportException || e is IncusException || e is ArgumentException)
            {
                return new BackendStatus(backend, BackendState.Unreachable, null, e, clock.Elapsed) { HostKeys = HostKeysOf(transport) };
            }
        }

        private static IReadOnlyList<HostKeyResult> HostKeysOf(ICommandTransport? transport) =>
            transport is FailoverTransport failover ? HostKeysOf(failover.Current)
            : transport is SshTransport ssh ? ssh.HostKeys : Array.Empty<HostKeyResult>();
    }
}
