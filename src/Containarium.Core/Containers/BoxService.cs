using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Incus;
using Containarium.Core.Transport;

namespace Containarium.Core.Containers
{
    /// <summary>Box operations on one backend: list, create (with rollback), remove, state changes, keys and limits.</summary>
    public sealed class BoxService
    {
        private readonly BackendDefinition _backend;
        private readonly BackendConnector _connector;
        private readonly IncusClient _incus;

        public BoxService(BackendDefinition backend, BackendConnector connector)
        {
            _backend = backend;
            _connector = connector;
            _incus = connector.Incus(backend);
        }

        public string Backend => _backend.Name;

        /// <summary>The cheap listing: one /1.0/instances?recursion=1 call, boxes only (instances without an owner key are skipped).</summary>
        public async Task<IReadOnlyList<BoxInfo>> ListAsync(CancellationToken ct)
        {
            var instancesTask = _backend.Cluster == true ? ClusterInstancesAsync(ct) : _incus.GetAsync("/1.0/instances?recursion=1", ct);
            var downTask = _backend.Cluster == true ? MembersDownAsync(ct) : Task.FromResult<ISet<string>>(new HashSet<string>());
            await Task.WhenAll(instancesTask, downTask).ConfigureAwait(false);
            var instances = instancesTask.Result.EnumerateArray().ToList();
            if (_backend.Cluster == true && instances.Any(i => !i.TryGetProperty("config", out var c) || c.ValueKind != JsonValueKind.Object))
            {
                var configs = await Cluster.MemberDownRecords.ReadAsync(_incus.Transport, ct).ConfigureAwait(false);
                instances = instances.Select(i => Cluster.MemberDownRecords.WithConfig(i, configs)).ToList();
            }
            var boxes = instances.Select(i => BoxInfo.FromInstance(i, _backend.Name)).Where(b => b != null).Select(b => b!).ToList();
            // A dead member's boxes read "Error" at once and their member turns Offline ~10 s later: either way they are out of reach.
            foreach (var box in boxes.Where(b => b.Member != null && (downTask.Result.Contains(b.Member!) || b.State == "Error")))
                box.State = BoxInfo.Unavailable;
            return boxes;
        }

        /// <summary>
        /// The cluster's instance list, bounded: while a member hangs (alive but not answering) Incus blocks every
        /// cluster-wide list until it declares the member offline. Past the bound the names, members and configs come from
        /// the cluster database, with state "Unknown" (nobody answered for it).
        /// </summary>
        private async Task<JsonElement> ClusterInstancesAsync(CancellationToken ct)
        {
            var bounded = new IncusClient(_incus.Transport) { RequestTimeout = Cluster.MemberDownRecords.ListTimeout };
            try { return await bounded.GetAsync("/1.0/instances?recursion=1", ct).ConfigureAwait(false); }
            catch (TransportException e) when (e.Failure == TransportFailure.CommandTimeout && !ct.IsCancellationRequested)
            {
                var records = await Cluster.MemberDownRecords.InstancesAsync(_incus.Transport, ct).ConfigureAwait(false);
                return await ByMemberAsync(records, ct).ConfigureAwait(false);
            }
        }

        /// <summary>How long each member may take to list its own instances once the cluster-wide list has timed out.</summary>
        private static readonly TimeSpan MemberListTimeout = TimeSpan.FromSeconds(3);

        /// <summary>
        /// After the cluster-wide list timed out: each member is asked for its own instances (`?target=`), in parallel and
        /// bounded. A member that answers gives its boxes' real state; the boxes of one that does not (dead, or hung) read
        /// "Error", as Incus itself lists a dead member's instances, and so are Unavailable.
        /// </summary>
        private async Task<JsonElement> ByMemberAsync(JsonElement records, CancellationToken ct)
        {
            var all = records.EnumerateArray().ToList();
            var members = all.Select(i => HostInfo.Str(i, "location") ?? "").Where(m => m.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var bounded = new IncusClient(_incus.Transport) { RequestTimeout = MemberListTimeout };
            var reads = members.Select(m => (Member: m, Read: bounded.GetAsync("/1.0/instances?recursion=1&target=" + Uri.EscapeDataString(m), ct))).ToList();
            try { await Task.WhenAll(reads.Select(r => r.Read)).ConfigureAwait(false); }
            catch (Exception) when (!ct.IsCancellationRequested) { /* each read is looked at below */ }
            ct.ThrowIfCancellationRequested();
            var live = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var answered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (member, read) in reads.Where(r => r.Read.Status == TaskStatus.RanToCompletion && r.Read.Result.ValueKind == JsonValueKind.Array))
            {
                answered.Add(member);
                foreach (var instance in read.Result.EnumerateArray()) live[HostInfo.Str(instance, "name") ?? ""] = instance;
            }
            var merged = all.Select(i =>
            {
                var name = HostInfo.Str(i, "name") ?? "";
                if (live.TryGetValue(name, out var real)) return real.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? real : i;
                return answered.Contains(HostInfo.Str(i, "location") ?? "") ? i : Cluster.MemberDownRecords.WithStatus(i, "Error");
            }).ToList();
            return JsonSerializer.SerializeToElement(merged);
        }

        /// <summary>Members of this cluster that are not online (offline or in an unknown state; evacuated ones hold no boxes).</summary>
        private async Task<ISet<string>> MembersDownAsync(CancellationToken ct)
        {
            var members = await _incus.GetAsync("/1.0/cluster/members?recursion=1", ct).ConfigureAwait(false);
            return new HashSet<string>(members.EnumerateArray()
                .Where(m => HostInfo.Str(m, "status") is string st && st != "Online" && st != "Evacuated")
                .Select(m => HostInfo.Str(m, "server_name") ?? ""), StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Adds live usage (memory, disk, CPU time, address) from each box's state endpoint.</summary>
        public async Task AddLiveStateAsync(IEnumerable<BoxInfo> boxes, CancellationToken ct)
        {
            await Task.WhenAll(boxes.Select(async box =>
            {
                var state = await _incus.GetAsync(InstancePath(box.Name) + "/state", ct).ConfigureAwait(false);
                if (state.TryGetProperty("memory", out var mem)) box.MemoryUsage = HostInfo.Num(mem, "usage");
                if (state.TryGetProperty("cpu", out var cpu)) box.CpuTimeNs = HostInfo.Num(cpu, "usage");
                if (state.TryGetProperty("disk", out var disk) && disk.ValueKind == JsonValueKind.Object && disk.TryGetProperty("root", out var root))
                    box.DiskUsage = HostInfo.Num(root, "usage");
                if (state.TryGetProperty("network", out var net) && net.ValueKind == JsonValueKind.Object)
                {
                    foreach (var nic in net.EnumerateObject().Where(n => n.Name != "lo"))
                        if (nic.Value.TryGetProperty("addresses", out var addrs))
                            foreach (var a in addrs.EnumerateArray())
                                if (HostInfo.Str(a, "family") == "inet" && HostInfo.Str(a, "scope") == "global") box.IPv4 ??= HostInfo.Str(a, "address");
                }
            })).ConfigureAwait(false);
        }

        public async Task<BoxInfo?> FindAsync(string name, CancellationToken ct)
        {
            var instance = await GetInstanceAsync(name, ct).ConfigureAwait(false);
            return instance.HasValue ? BoxInfo.FromInstance(instance.Value, _backend.Name) : null;
        }

        /// <summary>
        /// Creates the box, its owner account and the tunnel-only access path. Returns (box, created=false) when the same
        /// owner's box already exists (idempotent re-runs). Any failure or cancellation removes what was made.
        /// </summary>
        public async Task<(BoxInfo Box, bool Created)> CreateAsync(BoxSpec spec, Action<string>? step, CancellationToken ct)
        {
            // The four reads are independent: one round trip instead of four.
            var listing = ListAsync(ct);
            var instance = GetInstanceAsync(spec.Name, ct);
            var poolRead = RootPoolAsync(ct);
            var listeningRead = ListeningPortsAsync(ct);
            await Task.WhenAll(listing, instance, poolRead, listeningRead).ConfigureAwait(false);
            var found = await instance.ConfigureAwait(false);
            if (found.HasValue)
            {
                var existing = BoxInfo.FromInstance(found.Value, _backend.Name)
                    ?? throw new BoxConflictException(spec.Name, _backend.Name, "(an instance not managed by Containarium)", spec.UserName);
                if (existing.UserName != spec.UserName) throw new BoxConflictException(spec.Name, _backend.Name, existing.UserName, spec.UserName);
                return (existing, false);
            }
            var boxes = await listing.ConfigureAwait(false);
            var pool = await poolRead.ConfigureAwait(false);
            var listening = await listeningRead.ConfigureAwait(false);
            var used = new HashSet<int>(boxes.Where(b => b.SshPort.HasValue).Select(b => b.SshPort!.Value).Concat(listening));
            for (var attempt = 1; ; attempt++)
            {
                var port = SshPortAllocator.Reserve(HostKey, used, _backend.Cluster == true ? SshPortAllocator.ClusterFirstPort : SshPortAllocator.FirstPort);
                var requested = false;
                var created = false;
                try
                {
                    step?.Invoke("creating instance");
                    requested = true;
                    var target = spec.Member == null ? "" : "?target=" + Uri.EscapeDataString(spec.Member);
                    await _incus.SendAsync("POST", "/1.0/instances" + target, CreateBody(spec, pool, port), ct).ConfigureAwait(false);
                    created = true;
                    // Incus checks a proxy device's start once a second, so adding it costs ~1 s: let that overlap the
                    // owner's account in the box and the access path on the entry hosts, which do not depend on it.
                    step?.Invoke("adding SSH proxy device, user account and keys, access path");
                    await AllOrFirstFailure(
                        _incus.SendAsync("PATCH", InstancePath(spec.Name), new Dictionary<string, object> { ["devices"] = Devices(pool, spec.Disk, port) }, ct),
                        RunInBoxAsync(spec.Name, HostScripts.BoxUser, new[] { spec.UserName }, string.Join("\n", spec.PublicKeys) + "\n", ct),
                        new EntryAccess(_backend, _connector).GrantAsync(spec.UserName, spec.Name, port, spec.PublicKeys, ct)).ConfigureAwait(false);
                    var box = await FindAsync(spec.Name, ct).ConfigureAwait(false)
                              ?? throw new BoxProvisioningException($"Box '{spec.Name}' vanished right after it was created.");
                    return (box, true);
                }
                catch (IncusException e) when (created && attempt < MaxPortAttempts && IsProxyStartFailure(e))
                {
                    // Another process (or a service) took the port between our read and the proxy's start: undo, try the next one.
                    await RollbackAsync(spec, port, created: true).ConfigureAwait(false);
                    used.Add(port);
                    step?.Invoke($"port {port.ToString(CultureInfo.InvariantCulture)} was taken meanwhile; retrying with another");
                }
                catch (Exception e)
                {
                    var cleanup = await RollbackAsync(spec, port, created || requested).ConfigureAwait(false);
                    if (e is OperationCanceledException) throw;
                    throw new BoxProvisioningException($"Creating box '{spec.Name}' on '{_backend.Name}' failed: {e.Message}{cleanup}", e);
                }
                finally
                {
                    SshPortAllocator.Release(HostKey, port);
                }
            }
        }

        private const int MaxPortAttempts = 5;

        /// <summary>The box's sshd proxy could not listen (port taken by then, or Incus' forkproxy failing under load).</summary>
        private static bool IsProxyStartFailure(IncusException e) =>
            e.Message.IndexOf("starting proxy device", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>The entry hosts holding the owner's tunnel-only account for a box on this backend (for -WhatIf).</summary>
        public IReadOnlyList<string> EntryHosts() => new EntryAccess(_backend, _connector).Describe().ToList();

        /// <summary>Removes the box (instance and root disk), then its access path on every entry host.</summary>
        public async Task RemoveAsync(BoxInfo box, CancellationToken ct)
        {
            await DeleteInstanceAsync(box.Name, ct).ConfigureAwait(false);
            await new EntryAccess(_backend, _connector).RevokeAsync(box.UserName, box.Name, ct).ConfigureAwait(false);
        }

        /// <summary>start | stop | restart; stop and restart allow the box 30 s to shut down cleanly before forcing.</summary>
        public async Task SetStateAsync(string name, string action, bool force, CancellationToken ct)
        {
            var body = new Dictionary<string, object> { ["action"] = action };
            if (action != "start") { body["timeout"] = 30; body["force"] = force; }
            await _incus.SendAsync("PUT", InstancePath(name) + "/state", body, ct).ConfigureAwait(false);
        }

        /// <summary>Changes limits and team in one PATCH (Incus applies limits live).</summary>
        public Task UpdateConfigAsync(string name, IDictionary<string, string> config, CancellationToken ct) =>
            _incus.SendAsync("PATCH", InstancePath(name), new Dictionary<string, object> { ["config"] = config }, ct);

        public async Task ResizeDiskAsync(string name, string size, CancellationToken ct)
        {
            var instance = await _incus.GetAsync(InstancePath(name), ct).ConfigureAwait(false);
            var devices = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(instance.GetProperty("devices").GetRawText())!;
            var root = devices.TryGetValue("root", out var r) ? r : new Dictionary<string, string> { ["type"] = "disk", ["path"] = "/", ["pool"] = await RootPoolAsync(ct).ConfigureAwait(false) };
            root["size"] = size;
            devices["root"] = root;
            await _incus.SendAsync("PATCH", InstancePath(name), new Dictionary<string, object> { ["devices"] = devices }, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// Replaces the owner's authorised keys: <paramref name="boxLines"/> become the box's authorized_keys, the valid
        /// <paramref name="keys"/> the tunnel-only access on the entry hosts.
        /// </summary>
        public async Task ReplaceKeysAsync(BoxInfo box, IReadOnlyList<string> boxLines, IReadOnlyList<string> keys, IReadOnlyList<string> fingerprints, CancellationToken ct)
        {
            await RunInBoxAsync(box.Name, HostScripts.BoxUser, new[] { box.UserName }, string.Join("\n", boxLines) + "\n", ct).ConfigureAwait(false);
            if (box.SshPort.HasValue)
                await new EntryAccess(_backend, _connector).GrantAsync(box.UserName, box.Name, box.SshPort.Value, keys, ct).ConfigureAwait(false);
            await UpdateConfigAsync(box.Name, new Dictionary<string, string> { [BoxKeys.KeyFingerprints] = string.Join(",", fingerprints) }, ct).ConfigureAwait(false);
        }

        /// <summary>Reads the owner's authorised keys from inside the box.</summary>
        public async Task<IReadOnlyList<string>> ReadKeysAsync(BoxInfo box, CancellationToken ct)
        {
            var cmd = RemoteCommand.FromArguments("incus", "exec", "-n", box.Name, "--", "sh", "-c",
                "cat \"$(getent passwd \"$1\" | cut -d: -f6)/.ssh/authorized_keys\"", "containarium", box.UserName);
            var result = await _incus.Transport.RunAsync(cmd, ct).ConfigureAwait(false);
            if (!result.Succeeded) throw new BoxProvisioningException($"Reading the keys of '{box.UserName}' in '{box.Name}' failed: {result.StandardError.Trim()}");
            return result.StandardOutput.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        }

        internal static object CreateBody(BoxSpec spec, string pool, int port)
        {
            var config = new Dictionary<string, string>
            {
                ["limits.cpu"] = spec.Cpu,
                ["limits.memory"] = spec.Memory,
                ["boot.autostart"] = "true",
                [BoxKeys.Owner] = spec.UserName,
                [BoxKeys.CreatedBy] = spec.CreatedBy,
                [BoxKeys.CreatedAt] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
                [BoxKeys.SshPort] = port.ToString(CultureInfo.InvariantCulture),
                [BoxKeys.KeyFingerprints] = string.Join(",", spec.KeyFingerprints),
            };
            if (!string.IsNullOrEmpty(spec.Team)) config[BoxKeys.Team] = spec.Team!;
            if (spec.Nesting)
            {
                config["security.nesting"] = "true";
                config["security.syscalls.intercept.mknod"] = "true";
                config["security.syscalls.intercept.setxattr"] = "true";
            }
            return new Dictionary<string, object>
            {
                ["name"] = spec.Name,
                ["type"] = "container",
                ["source"] = new Dictionary<string, string> { ["type"] = "image", ["alias"] = spec.Image },
                ["config"] = config,
                // The SSH proxy device is added right after the start (see CreateAsync); the port is recorded now so a
                // rollback can tell this box from another one of the same name.
                ["devices"] = new Dictionary<string, Dictionary<string, string>> { ["root"] = RootDisk(pool, spec.Disk) },
                ["start"] = true,
            };
        }

        private static Dictionary<string, string> RootDisk(string pool, string size) =>
            new Dictionary<string, string> { ["type"] = "disk", ["path"] = "/", ["pool"] = pool, ["size"] = size };

        /// <summary>Root disk plus the proxy device that publishes the box's sshd on the host's loopback.</summary>
        internal static Dictionary<string, Dictionary<string, string>> Devices(string pool, string size, int port) =>
            new Dictionary<string, Dictionary<string, string>>
            {
                ["root"] = RootDisk(pool, size),
                [BoxKeys.ProxyDevice] = new Dictionary<string, string>
                {
                    ["type"] = "proxy",
                    ["listen"] = "tcp:127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                    ["connect"] = "tcp:127.0.0.1:22",
                    ["bind"] = "host",
                },
            };

        /// <summary>Waits for every task (so none is still running during a rollback) and rethrows the first failure.</summary>
        private static async Task AllOrFirstFailure(params Task[] tasks)
        {
            try { await Task.WhenAll(tasks).ConfigureAwait(false); }
            catch (Exception)
            {
                var failed = tasks.FirstOrDefault(t => t.IsFaulted && !(t.Exception!.InnerException is OperationCanceledException))
                             ?? tasks.First(t => t.IsFaulted || t.IsCanceled);
                await failed.ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>The instance object, or null when there is no instance of that name (managed or not).</summary>
        private async Task<JsonElement?> GetInstanceAsync(string name, CancellationToken ct)
        {
            try { return await _incus.GetAsync(InstancePath(name), ct).ConfigureAwait(false); }
            catch (IncusException e) when (e.IsNotFound) { return null; }
        }

        internal async Task<string> RootPoolAsync(CancellationToken ct)
        {
            var profile = await _incus.GetAsync("/1.0/profiles/default", ct).ConfigureAwait(false);
            if (profile.TryGetProperty("devices", out var devices))
                foreach (var d in devices.EnumerateObject())
                    if (HostInfo.Str(d.Value, "path") == "/" && HostInfo.Str(d.Value, "pool") is string pool) return pool;
            throw new BoxProvisioningException($"Backend '{_backend.Name}': the default profile has no root disk (run Test-CtrBackend).");
        }

        private async Task RunInBoxAsync(string box, string script, string[] args, string stdin, CancellationToken ct)
        {
            var argv = new[] { "incus", "exec", box, "--" }.Concat(HostScripts.Invocation(script, args)).ToArray();
            var command = RemoteCommand.FromArguments(argv);
            command.StandardInput = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
            var result = await _incus.Transport.RunAsync(command, ct).ConfigureAwait(false);
            if (!result.Succeeded) throw new BoxProvisioningException($"in-box set-up exited {result.ExitCode}: {result.StandardError.Trim()}");
        }

        internal async Task DeleteInstanceAsync(string name, CancellationToken ct)
        {
            try
            {
                await _incus.SendAsync("PUT", InstancePath(name) + "/state", new Dictionary<string, object> { ["action"] = "stop", ["force"] = true }, ct).ConfigureAwait(false);
            }
            catch (IncusException e) when (e.Message.IndexOf("already stopped", StringComparison.OrdinalIgnoreCase) >= 0 || e.Message.IndexOf("not running", StringComparison.OrdinalIgnoreCase) >= 0) { }
            await _incus.SendAsync("DELETE", InstancePath(name), null, ct).ConfigureAwait(false);
        }

        /// <summary>Best effort, with its own deadline (the caller's token may be the cancelled one). Returns a note for the error message.</summary>
        private async Task<string> RollbackAsync(BoxSpec spec, int port, bool created)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var notes = new List<string>();
            try
            {
                // A creation interrupted on our side (Ctrl+C, a dropped link) goes on inside Incus: let it end first,
                // or the box would appear after the rollback looked for it.
                if (created) await WaitForInstanceOperationsAsync(spec.Name, cts.Token).ConfigureAwait(false);
                var box = await FindAsync(spec.Name, cts.Token).ConfigureAwait(false);
                if (box != null && box.UserName == spec.UserName && box.SshPort == port)
                    await DeleteInstanceAsync(spec.Name, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                if (created) notes.Add($"the partial box could not be removed ({e.Message}); remove it with Remove-CtrContainer");
            }
            try
            {
                await new EntryAccess(_backend, _connector).RevokeAsync(spec.UserName, spec.Name, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                notes.Add($"the access path could not be revoked ({e.Message})");
            }
            return notes.Count == 0 ? " (nothing was left behind)" : " (" + string.Join("; ", notes) + ")";
        }

        /// <summary>Waits for the running operations that touch the instance (create, start, device changes).</summary>
        private async Task WaitForInstanceOperationsAsync(string name, CancellationToken ct)
        {
            var ops = await _incus.GetAsync("/1.0/operations?recursion=1", ct).ConfigureAwait(false);
            if (ops.ValueKind != JsonValueKind.Object || !ops.TryGetProperty("running", out var running) || running.ValueKind != JsonValueKind.Array) return;
            var path = InstancePath(name);
            foreach (var op in running.EnumerateArray())
            {
                if (!op.TryGetProperty("resources", out var res) || res.ValueKind != JsonValueKind.Object ||
                    !res.TryGetProperty("instances", out var instances) || instances.ValueKind != JsonValueKind.Array) continue;
                if (!instances.EnumerateArray().Any(i => i.ValueKind == JsonValueKind.String && i.GetString()!.StartsWith(path, StringComparison.Ordinal))) continue;
                if (HostInfo.Str(op, "id") is string id)
                {
                    try { await _incus.WaitOperationAsync("/1.0/operations/" + Uri.EscapeDataString(id), TimeSpan.FromSeconds(60), ct).ConfigureAwait(false); }
                    catch (IncusException) { } // a failed creation is what the rollback expects
                }
            }
        }

        /// <summary>In-flight port reservations are per host address: several lab backends share one loopback.</summary>
        internal string HostKey => _backend.Transport == TransportKind.Local ? "local" : _backend.HostName;

        /// <summary>TCP ports the host already listens on (from /proc/net/tcp{,6}), so a box proxy never collides with a host service.</summary>
        internal async Task<IReadOnlyCollection<int>> ListeningPortsAsync(CancellationToken ct)
        {
            var result = await _incus.Transport.RunAsync(new RemoteCommand("cat /proc/net/tcp /proc/net/tcp6 2>/dev/null </dev/null"), ct).ConfigureAwait(false);
            var ports = new HashSet<int>();
            foreach (var line in result.StandardOutput.Split('\n'))
            {
                var cols = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (cols.Length < 4 || cols[3] != "0A") continue; // 0A = LISTEN
                var local = cols[1];
                var colon = local.LastIndexOf(':');
                if (colon > 0 && int.TryParse(local.Substring(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var p)) ports.Add(p);
            }
            return ports;
        }

        private static string InstancePath(string name) => "/1.0/instances/" + Uri.EscapeDataString(name);
    }
}
