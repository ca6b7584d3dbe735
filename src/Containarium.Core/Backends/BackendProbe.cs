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
                var info = await HostInfo.ReadAsync(new IncusClient(transport), ct, transport.Description).ConfigureAwait(false);
                return new BackendStatus(backend, BackendState.Online, info, null, clock.Elapsed) { HostKeys = HostKeysOf(transport) };
            }
            catch (Exception e) when (e is TransportException || e is IncusException || e is ArgumentException)
            {
                return new BackendStatus(backend, BackendState.Unreachable, null, e, clock.Elapsed) { HostKeys = HostKeysOf(transport) };
            }
        }

        private static IReadOnlyList<HostKeyResult> HostKeysOf(ICommandTransport? transport) =>
            transport is SshTransport ssh ? ssh.HostKeys : Array.Empty<HostKeyResult>();
    }
}
