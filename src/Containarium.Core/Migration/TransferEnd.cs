using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Incus;
using Containarium.Core.Transport;

namespace Containarium.Core.Migration
{
    /// <summary>A box proxy port held in this process's allocator until disposed.</summary>
    internal sealed class PortLease : IDisposable
    {
        private readonly string _host;

        public PortLease(string host, int port)
        {
            _host = host;
            Port = port;
        }

        public int Port { get; }

        public void Dispose() => SshPortAllocator.Release(_host, Port);
    }

    /// <summary>
    /// One backend's side of a move or restore: checks the name is free, finishes an arrived box (its SSH proxy port,
    /// access path, start) and, on failure, removes every trace of it — including an import still running after a cut link.
    /// </summary>
    internal sealed class TransferEnd
    {
        private readonly BackendConnector _connector;

        /// <param name="member">For a cluster backend, the member the box must land on; null: wherever the answering member is.</param>
        public TransferEnd(BackendDefinition backend, BackendConnector connector, string? member = null)
        {
            Backend = backend;
            _connector = connector;
            Service = new BoxService(backend, connector);
            Incus = connector.Incus(backend);
            Member = member;
            // An import lands on the member whose daemon receives it (the `incus import` CLI has no --target).
            ImportTransport = member == null ? Incus.Transport : connector.OpenMember(backend, member);
        }

        public BackendDefinition Backend { get; }
        public BoxService Service { get; }
        public IncusClient Incus { get; }
        public ICommandTransport Transport => Incus.Transport;
        public string? Member { get; }
        /// <summary>Where the import runs (and where a half-fed importer is stopped after a cut link).</summary>
        public ICommandTransport ImportTransport { get; }

        public async Task EnsureNameFreeAsync(string name, CancellationToken ct)
        {
            if (await InstanceRecord.ReadAsync(Incus, name, ct).ConfigureAwait(false) != null)
                throw new MigrationException(MigrationFailure.NameTaken, $"Backend '{Backend.Name}' already has an instance named '{name}'; nothing was changed.");
        }

        /// <summary>
        /// Keeps the box's proxy port when it is free on this host, else picks a new one and rewrites the proxy device and
        /// the ssh-port key (lab backends, or several backends behind one address, share a loopback). The port stays
        /// reserved in this process until the lease is disposed (after the box started), so parallel moves onto backends
        /// that share a host never pick the same port.
        /// </summary>
        public async Task<PortLease> AssignPortAsync(InstanceRecord arrived, int? wanted, IEnumerable<int> avoid, CancellationToken ct)
        {
            var boxes = await Service.ListAsync(ct).ConfigureAwait(false);
            var listening = await Service.ListeningPortsAsync(ct).ConfigureAwait(false);
            var used = new HashSet<int>(boxes.Where(b => b.Name != arrived.Name && b.SshPort.HasValue).Select(b => b.SshPort!.Value).Concat(listening).Concat(avoid));
            // Reserve the wanted port itself when it is free (the allocator hands out the lowest port not excluded).
            var below = wanted.HasValue && !used.Contains(wanted.Value) ? Enumerable.Range(SshPortAllocator.FirstPort, Math.Max(0, wanted.Value - SshPortAllocator.FirstPort)) : Enumerable.Empty<int>();
            var port = SshPortAllocator.Reserve(Service.HostKey, used.Concat(below));
            var lease = new PortLease(Service.HostKey, port);
            try
            {
                if (port == wanted) return lease;
                var devices = arrived.Devices.ToDictionary(d => d.Key, d => d.Value.ToDictionary(kv => kv.Key, kv => kv.Value));
                if (!devices.TryGetValue(BoxKeys.ProxyDevice, out var proxy))
                    throw new MigrationException(MigrationFailure.VerificationFailed, $"Box '{arrived.Name}' has no '{BoxKeys.ProxyDevice}' proxy device.");
                proxy["listen"] = "tcp:127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
                var body = new Dictionary<string, object>
                {
                    ["devices"] = devices,
                    ["config"] = new Dictionary<string, string> { [BoxKeys.SshPort] = port.ToString(CultureInfo.InvariantCulture) },
                };
                await Incus.SendAsync("PATCH", InstanceRecord.Path(arrived.Name), body, ct).ConfigureAwait(false);
                return lease;
            }
            catch
            {
                lease.Dispose();
                throw;
            }
        }

        public Task GrantAccessAsync(string user, string box, int port, IReadOnlyList<string> keys, CancellationToken ct) =>
            new EntryAccess(Backend, _connector).GrantAsync(user, box, port, keys, ct);

        public Task RevokeAccessAsync(string user, string box, CancellationToken ct) =>
            new EntryAccess(Backend, _connector).RevokeAsync(user, box, ct);

        private static readonly string WaitPortScript = HostScripts.Load("wait-box-port.sh");

        /// <summary>
        /// Starts the box and waits (briefly) for its sshd and then for its SSH proxy on the host that runs it, so the user's
        /// login works when the cmdlet returns. <paramref name="location"/> is the cluster member the box is on.
        /// </summary>
        public async Task StartAsync(string box, int port, string? location, CancellationToken ct)
        {
            await Service.SetStateAsync(box, "start", false, ct).ConfigureAwait(false);
            var wait = RemoteCommand.FromArguments("incus", "exec", "-n", box, "--", "sh", "-c",
                "i=0; while [ ! -e /run/sshd.pid ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; [ -e /run/sshd.pid ]");
            var result = await Transport.RunAsync(wait, ct).ConfigureAwait(false);
            if (!result.Succeeded) throw new MigrationException(MigrationFailure.TransferFailed, $"Box '{box}' started on '{Backend.Name}' but its sshd did not come up.");
            var host = ProxyHost(location);
            if (host == null) return;
            var probe = RemoteCommand.FromArguments(HostScripts.Invocation(WaitPortScript, port.ToString(CultureInfo.InvariantCulture)));
            if (!(await host.RunAsync(probe, ct).ConfigureAwait(false)).Succeeded)
                throw new MigrationException(MigrationFailure.TransferFailed, $"Box '{box}' runs on '{Backend.Name}' but its SSH proxy on port {port} did not answer within 15 s.");
        }

        /// <summary>The host whose loopback the box's proxy listens on; null when no connection to it is on record.</summary>
        private ICommandTransport? ProxyHost(string? location)
        {
            if (Backend.Cluster != true) return Transport;
            if (Member != null) return ImportTransport;
            if (string.IsNullOrEmpty(location)) return null;
            try { return _connector.OpenMember(Backend, location!); }
            catch (Cluster.MemberUnavailableException) { return null; }
        }

        /// <summary>
        /// Best effort with its own deadline (the caller's token may be the cancelled one): stops a running importer,
        /// waits for Incus operations on the name to end, deletes the instance. A destination that went away (its sshd
        /// died mid-stream) is retried until the deadline. Returns a note for the error message.
        /// </summary>
        public async Task<string> RemoveAsync(string box, string? stateDirectory)
        {
            using var cts = new CancellationTokenSource(CleanupDeadline);
            Exception? last = null;
            var importerStopped = stateDirectory == null;
            var quietChecks = 0;
            while (quietChecks < 2)
            {
                if (cts.IsCancellationRequested)
                    return $"the partial box on '{Backend.Name}' could not be checked or removed ({last?.Message ?? "timed out"}); check it with `incus list {box}` there";
                try
                {
                    if (!importerStopped)
                    {
                        await HostStream.AbortImportAsync(ImportTransport, stateDirectory!, cts.Token).ConfigureAwait(false);
                        importerStopped = true;
                    }
                    if (await InstanceRecord.ReadAsync(Incus, box, cts.Token).ConfigureAwait(false) != null)
                    {
                        quietChecks = 0;
                        await Service.DeleteInstanceAsync(box, cts.Token).ConfigureAwait(false);
                        continue;
                    }
                    quietChecks = await OperationsRunningOnAsync(box, cts.Token).ConfigureAwait(false) ? 0 : quietChecks + 1;
                    await Task.Delay(500, cts.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IncusException || e is TransportException || e is System.IO.IOException || e is OperationCanceledException)
                {
                    last = e;
                    quietChecks = 0;
                    try { await Task.Delay(1000, cts.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
                }
            }
            return $"nothing was left on '{Backend.Name}'";
        }

        /// <summary>How long a cleanup waits for a destination that went away to come back.</summary>
        private static readonly TimeSpan CleanupDeadline = TimeSpan.FromSeconds(90);

        private async Task<bool> OperationsRunningOnAsync(string box, CancellationToken ct)
        {
            var ops = await Incus.GetAsync("/1.0/operations?recursion=1", ct).ConfigureAwait(false);
            if (ops.ValueKind != JsonValueKind.Object) return false;
            var path = InstanceRecord.Path(box);
            foreach (var group in ops.EnumerateObject())
            {
                if (group.Value.ValueKind != JsonValueKind.Array) continue;
                foreach (var op in group.Value.EnumerateArray())
                {
                    var code = op.TryGetProperty("status_code", out var sc) && sc.ValueKind == JsonValueKind.Number ? sc.GetInt32() : 200;
                    if (code >= 200) continue;
                    if (op.TryGetProperty("resources", out var res) && res.ValueKind == JsonValueKind.Object &&
                        res.TryGetProperty("instances", out var list) && list.ValueKind == JsonValueKind.Array &&
                        list.EnumerateArray().Any(i => i.GetString() == path))
                        return true;
                }
            }
            return false;
        }
    }
}
