using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Incus;

namespace Containarium.Core.Cluster
{
    /// <summary>An instance of the cluster and the member it runs on.</summary>
    public sealed class PlacedInstance
    {
        public PlacedInstance(string name, string? location, string? owner, string? evacuatedFrom)
        {
            Name = name;
            Location = location;
            Owner = owner;
            EvacuatedFrom = evacuatedFrom;
        }

        public string Name { get; }
        public string? Location { get; }
        /// <summary>The box's user (user.containarium.owner); null for other instances.</summary>
        public string? Owner { get; }
        /// <summary>volatile.evacuate.origin: the member an evacuation moved it away from (restore moves it back).</summary>
        public string? EvacuatedFrom { get; }
    }

    /// <summary>
    /// Members of a cluster backend, and maintenance through Incus's own evacuation (POST /1.0/cluster/members/{name}/state):
    /// Incus stops each instance, moves it to another member and starts it there; restore moves them back.
    /// </summary>
    public sealed class ClusterService
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan MaintenanceDeadline = TimeSpan.FromMinutes(60);
        private readonly BackendDefinition _backend;
        private readonly IncusClient _incus;

        public ClusterService(BackendDefinition backend, BackendConnector connector)
        {
            _backend = backend;
            _incus = connector.Incus(backend);
        }

        public string Backend => _backend.Name;

        /// <summary>Every member with its figures; <see cref="NotAClusterException"/> for a one-host backend.</summary>
        public async Task<IReadOnlyList<ClusterMember>> MembersAsync(CancellationToken ct)
        {
            var clusterTask = _incus.GetAsync("/1.0/cluster", ct);
            var profileTask = _incus.GetAsync("/1.0/profiles/default", ct);
            await Task.WhenAll(clusterTask, profileTask).ConfigureAwait(false);
            if (!(clusterTask.Result.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True))
                throw new NotAClusterException(_backend.Name);
            return await ClusterReader.ReadMembersAsync(_incus, RootPool(profileTask.Result), ct).ConfigureAwait(false);
        }

        /// <summary>The named member (case-insensitive) or <see cref="MemberNotFoundException"/>.</summary>
        public static ClusterMember Find(string backend, IReadOnlyList<ClusterMember> members, string name) =>
            members.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new MemberNotFoundException(backend, name, string.Join(", ", members.Select(m => m.Name)));

        public async Task<IReadOnlyList<PlacedInstance>> InstancesAsync(CancellationToken ct)
        {
            var list = await _incus.GetAsync("/1.0/instances?recursion=1", ct).ConfigureAwait(false);
            return list.EnumerateArray().Select(i =>
            {
                var config = i.TryGetProperty("config", out var c) ? c : default;
                return new PlacedInstance(HostInfo.Str(i, "name") ?? "", HostInfo.Str(i, "location"),
                    HostInfo.Str(config, BoxKeys.Owner), HostInfo.Str(config, "volatile.evacuate.origin"));
            }).ToList();
        }

        /// <summary>Checks that <paramref name="member"/> can be evacuated and says what would move where.</summary>
        public async Task<(ClusterMember Member, IReadOnlyList<EvacuationMove> Moves)> PlanEvacuationAsync(string member, CancellationToken ct)
        {
            var membersTask = MembersAsync(ct);
            var instancesTask = InstancesAsync(ct);
            await Task.WhenAll(membersTask, instancesTask).ConfigureAwait(false);
            var members = membersTask.Result;
            var target = Find(_backend.Name, members, member);
            if (!target.IsOnline && !ClusterReader.IsEvacuated(target))
                throw new MemberUnavailableException(_backend.Name, target.Name,
                    $"Member '{target.Name}' of '{_backend.Name}' is {target.Status}: only an online member can be evacuated (its boxes' data is on it).");
            var moves = EvacuationPlan.For(target.Name, members, instancesTask.Result.Select(i => (i.Name, i.Location, i.Owner)));
            if (target.IsOnline && moves.Count > 0 && !members.Any(m => m.IsOnline && m.Name != target.Name))
                throw new MemberUnavailableException(_backend.Name, target.Name,
                    $"Member '{target.Name}' is the only online member of '{_backend.Name}': there is nowhere to move its boxes.");
            return (target, moves);
        }

        /// <summary>Evacuates the member; <paramref name="progress"/> gets (instances still there, instances at the start) about once a second.</summary>
        /// <remarks>Mode "migrate": Incus's default ("auto") leaves a box with a proxy device (its SSH access path) stopped in
        /// place, since it deems the device not migratable; "migrate" stops, moves and starts every box.</remarks>
        public Task EvacuateAsync(string member, Action<int, int>? progress, CancellationToken ct) =>
            ChangeStateAsync(member, "evacuate", i => string.Equals(i.Location, member, StringComparison.OrdinalIgnoreCase), progress, ct);

        /// <summary>Restores the member (its evacuated instances move back); progress counts those not back yet.</summary>
        public Task RestoreAsync(string member, Action<int, int>? progress, CancellationToken ct) =>
            ChangeStateAsync(member, "restore", i => string.Equals(i.EvacuatedFrom, member, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(i.Location, member, StringComparison.OrdinalIgnoreCase), progress, ct);

        private async Task ChangeStateAsync(string member, string action, Func<PlacedInstance, bool> pending, Action<int, int>? progress, CancellationToken ct)
        {
            var body = new Dictionary<string, object> { ["action"] = action };
            if (action == "evacuate") body["mode"] = "migrate";
            var total = (await InstancesAsync(ct).ConfigureAwait(false)).Count(pending);
            progress?.Invoke(total, total);
            var path = "/1.0/cluster/members/" + Uri.EscapeDataString(member) + "/state";
            var envelope = await _incus.QueryAsync("POST", path, body, ct).ConfigureAwait(false);
            if (envelope.Type != "async") return;
            var deadline = DateTime.UtcNow + MaintenanceDeadline;
            while (true)
            {
                try
                {
                    await _incus.WaitOperationAsync(envelope.Operation, PollInterval, ct).ConfigureAwait(false);
                    progress?.Invoke(0, total);
                    return;
                }
                catch (IncusException e) when (e.StatusCode == 504 && DateTime.UtcNow < deadline)
                {
                    // Still running: report how many are left, then wait again.
                    try { progress?.Invoke((await InstancesAsync(ct).ConfigureAwait(false)).Count(pending), total); }
                    catch (Exception poll) when (poll is IncusException || poll is Transport.TransportException) { }
                }
            }
        }

        private static string? RootPool(JsonElement profile)
        {
            if (profile.TryGetProperty("devices", out var devices) && devices.ValueKind == JsonValueKind.Object)
                foreach (var d in devices.EnumerateObject())
                    if (HostInfo.Str(d.Value, "type") == "disk" && HostInfo.Str(d.Value, "path") == "/") return HostInfo.Str(d.Value, "pool");
            return null;
        }
    }
}
