using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Transport;

namespace Containarium.Core.Gce
{
    /// <summary>What New-CtrBackend asks for: the VM, and how the module will reach and register it.</summary>
    public sealed class NewGceBackendRequest
    {
        public string Project { get; set; } = "";
        public IReadOnlyList<string> Zones { get; set; } = Array.Empty<string>();
        public InstanceSpec Spec { get; set; } = new InstanceSpec();

        /// <summary>Private key the module logs in with (its public half went into the ssh-keys metadata).</summary>
        public string KeyFile { get; set; } = "";
        public int Port { get; set; } = 22;
        public IReadOnlyList<string> JumpHosts { get; set; } = Array.Empty<string>();
        public int MaxContainers { get; set; }
        public IReadOnlyList<string> Tags { get; set; } = Array.Empty<string>();
        public string? DefaultImage { get; set; }
    }

    /// <summary>
    /// Backends whose host is a Compute Engine VM: create (VM, operation, RUNNING, SSH, Incus, registration),
    /// start (and wait until Incus answers), stop, remove (VM and its kept disks, then the registration).
    /// </summary>
    public sealed class GceBackendManager
    {
        private readonly GceClient _client;
        private readonly BackendInventory _inventory;
        private readonly Func<BackendDefinition, CancellationToken, Task<BackendStatus>> _probe;

        public GceBackendManager(GceClient client, BackendInventory inventory, Func<BackendDefinition, CancellationToken, Task<BackendStatus>> probe)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _inventory = inventory ?? throw new ArgumentNullException(nameof(inventory));
            _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        }

        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>How long a new or restarted VM may take until SSH and Incus answer (first boot installs Incus).</summary>
        public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromMinutes(15);
        public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>How the manager waits between probes (injectable for tests).</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (d, ct) => Task.Delay(d, ct);

        public Action<string>? Progress { get; set; }

        /// <summary>
        /// After a start: names of the boxes that should be running again but are not yet (see Autostart). When set,
        /// StartAsync also waits for them, within <see cref="ReadyTimeout"/>.
        /// </summary>
        public Func<BackendDefinition, CancellationToken, Task<IReadOnlyList<string>>>? PendingBoxes { get; set; }

        public GceClient Client => _client;

        public async Task<(BackendDefinition Definition, BackendStatus Status, GceProvisionResult Vm)> CreateAsync(string backendName, NewGceBackendRequest request, CancellationToken ct)
        {
            if (_inventory.List().Any(b => string.Equals(b.Name, backendName, StringComparison.OrdinalIgnoreCase)))
                throw new InvalidOperationException($"A backend named '{backendName}' is already registered.");
            var provisioner = new GceProvisioner(_client) { OperationTimeout = OperationTimeout, RunningTimeout = OperationTimeout, Progress = Progress };
            var vm = await provisioner.CreateAsync(request.Project, request.Zones, request.Spec, ct).ConfigureAwait(false);
            var address = AddressOf(vm.Instance, request.Spec.NoExternalIp || request.JumpHosts.Count > 0);
            var definition = new BackendDefinition
            {
                Name = backendName,
                Transport = TransportKind.Ssh,
                HostName = address,
                Port = request.Port,
                UserName = request.Spec.UserName,
                KeyFile = request.KeyFile,
                JumpHosts = request.JumpHosts.ToList(),
                MaxContainers = request.MaxContainers,
                Tags = request.Tags.ToList(),
                DefaultImage = request.DefaultImage,
                RegisteredAt = DateTimeOffset.UtcNow,
                Gce = new GceIdentity { Project = request.Project, Zone = vm.Zone, Instance = vm.Instance.Name },
            };
            Progress?.Invoke($"{vm.Instance.Name} is RUNNING in {vm.Zone} at {address}; waiting for SSH and Incus");
            var status = await WaitForIncusAsync(definition, ct).ConfigureAwait(false);
            _inventory.Register(definition, replace: false);
            return (definition, status, vm);
        }

        /// <summary>Status of the backend's VM with the preemption verdict.</summary>
        public Task<GceInstanceState> GetStateAsync(BackendDefinition backend, CancellationToken ct)
        {
            var gce = Identity(backend);
            return _client.GetInstanceStateAsync(gce.Project, gce.Zone, gce.Instance, ct);
        }

        /// <summary>Starts the VM, waits for RUNNING, follows a changed address, and waits until Incus answers.</summary>
        public async Task<(BackendDefinition Definition, BackendStatus Status)> StartAsync(BackendDefinition backend, CancellationToken ct)
        {
            var gce = Identity(backend);
            Progress?.Invoke($"starting {gce.Instance} in {gce.Zone}");
            var op = await _client.StartInstanceAsync(gce.Project, gce.Zone, gce.Instance, null, ct).ConfigureAwait(false);
            await _client.WaitForOperationAsync(gce.Project, gce.Zone, op, OperationTimeout, ct).ConfigureAwait(false);
            var instance = await _client.WaitForStatusAsync(gce.Project, gce.Zone, gce.Instance, GceInstanceStatus.Running, OperationTimeout, ct).ConfigureAwait(false);
            // An ephemeral external address changes across stop/start: follow it.
            var address = AddressOf(instance, backend.JumpHosts.Count > 0 || instance.ExternalIp == null);
            var definition = backend;
            if (!string.Equals(address, backend.HostName, StringComparison.Ordinal))
            {
                Progress?.Invoke($"{gce.Instance} has a new address {address} (was {backend.HostName})");
                definition = _inventory.Update(backend.Name, b => b.HostName = address);
            }
            Progress?.Invoke($"{gce.Instance} is RUNNING; waiting for SSH and Incus");
            var started = DateTimeOffset.UtcNow;
            var status = await WaitForIncusAsync(definition, ct).ConfigureAwait(false);
            if (PendingBoxes != null) await WaitForBoxesAsync(definition, started + ReadyTimeout, ct).ConfigureAwait(false);
            return (definition, status);
        }

        private async Task WaitForBoxesAsync(BackendDefinition definition, DateTimeOffset deadline, CancellationToken ct)
        {
            while (true)
            {
                var pending = await PendingBoxes!(definition, ct).ConfigureAwait(false);
                if (pending.Count == 0) return;
                if (DateTimeOffset.UtcNow >= deadline)
                    throw new TimeoutException($"Backend '{definition.Name}' answers, but {pending.Count} box(es) that should run again did not start: {string.Join(", ", pending)}.");
                Progress?.Invoke($"{definition.Name}: waiting for {pending.Count} box(es) to start again: {string.Join(", ", pending)}");
                await Delay(ProbeInterval, ct).ConfigureAwait(false);
            }
        }

        public async Task<GceInstance> StopAsync(BackendDefinition backend, CancellationToken ct)
        {
            var gce = Identity(backend);
            Progress?.Invoke($"stopping {gce.Instance} in {gce.Zone}");
            var op = await _client.StopInstanceAsync(gce.Project, gce.Zone, gce.Instance, null, ct).ConfigureAwait(false);
            await _client.WaitForOperationAsync(gce.Project, gce.Zone, op, OperationTimeout, ct).ConfigureAwait(false);
            return await _client.WaitForStatusAsync(gce.Project, gce.Zone, gce.Instance, GceInstanceStatus.Terminated, OperationTimeout, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// How many boxes the backend holds, or null when it cannot be asked (VM down, host unreachable). Remove refuses
        /// in both cases unless forced: an unknown count is not zero.
        /// </summary>
        public async Task<(int? Boxes, string Why)> CountBoxesAsync(BackendDefinition backend, CancellationToken ct)
        {
            var status = await _probe(backend, ct).ConfigureAwait(false);
            if (status.State == BackendState.Online && status.Host != null) return (status.Host.Containers, "");
            return (null, status.Error?.Message ?? "the backend did not answer");
        }

        /// <summary>Deletes the VM, then the disks it kept (the Incus data disk); a VM that is already gone is fine.</summary>
        public async Task<IReadOnlyList<string>> DeleteVmAsync(BackendDefinition backend, CancellationToken ct)
        {
            var gce = Identity(backend);
            var deleted = new List<string>();
            var instance = await _client.FindInstanceAsync(gce.Project, gce.Zone, gce.Instance, ct).ConfigureAwait(false);
            if (instance == null)
            {
                Progress?.Invoke($"{gce.Instance} does not exist in {gce.Zone} any more");
                return deleted;
            }
            var kept = (instance.Disks ?? new List<GceAttachedDisk>()).Where(d => d.AutoDelete != true && d.DiskName.Length > 0).Select(d => d.DiskName).ToList();
            Progress?.Invoke($"deleting {gce.Instance} in {gce.Zone}");
            var op = await _client.DeleteInstanceAsync(gce.Project, gce.Zone, gce.Instance, null, ct).ConfigureAwait(false);
            await _client.WaitForOperationAsync(gce.Project, gce.Zone, op, OperationTimeout, ct).ConfigureAwait(false);
            deleted.Add(gce.Instance);
            foreach (var disk in kept)
            {
                Progress?.Invoke($"deleting disk {disk}");
                try
                {
                    var dop = await _client.DeleteDiskAsync(gce.Project, gce.Zone, disk, null, ct).ConfigureAwait(false);
                    await _client.WaitForOperationAsync(gce.Project, gce.Zone, dop, OperationTimeout, ct).ConfigureAwait(false);
                    deleted.Add(disk);
                }
                catch (GceException e) when (e.IsNotFound)
                {
                    // already gone
                }
            }
            return deleted;
        }

        /// <summary>Probes until SSH and Incus answer or <see cref="ReadyTimeout"/> passes. A host key mismatch stops at once.</summary>
        public async Task<BackendStatus> WaitForIncusAsync(BackendDefinition definition, CancellationToken ct)
        {
            var deadline = DateTimeOffset.UtcNow + ReadyTimeout;
            BackendStatus status;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                status = await _probe(definition, ct).ConfigureAwait(false);
                if (status.State == BackendState.Online) return status;
                if (status.Error is HostKeyMismatchException) throw status.Error;
                if (DateTimeOffset.UtcNow >= deadline) break;
                await Delay(ProbeInterval, ct).ConfigureAwait(false);
            }
            throw new TimeoutException(
                $"Backend '{definition.Name}' at {definition.HostName}:{definition.Port} did not answer over SSH and Incus within {ReadyTimeout.TotalMinutes:0.#} min: {status.Error?.Message}");
        }

        private static string AddressOf(GceInstance instance, bool internalAddress)
        {
            var ip = internalAddress ? instance.InternalIp : instance.ExternalIp ?? instance.InternalIp;
            return ip ?? throw new InvalidOperationException($"Instance {instance.Name} has no {(internalAddress ? "internal" : "")} address yet.".Replace("  ", " "));
        }

        private static GceIdentity Identity(BackendDefinition backend) =>
            backend.Gce ?? throw new InvalidOperationException($"Backend '{backend.Name}' is not a Compute Engine backend (it was not created by New-CtrBackend).");
    }
}
