using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Incus;
using Containarium.Core.Validation;

namespace Containarium.Core.Containers
{
    /// <summary>
    /// Snapshots of the boxes on one backend, through /1.0/instances/NAME/snapshots (operations waited for).
    /// Every call checks first that the box is a Containarium box and that the snapshot exists (or not, for create),
    /// so a bad reference changes nothing and gets a precise error instead of Incus's generic one.
    /// </summary>
    public sealed class SnapshotService
    {
        private readonly BackendDefinition _backend;
        private readonly BoxService _boxes;
        private readonly IncusClient _incus;

        public SnapshotService(BackendDefinition backend, BackendConnector connector)
        {
            _backend = backend;
            _boxes = new BoxService(backend, connector);
            _incus = connector.Incus(backend);
        }

        public string Backend => _backend.Name;

        /// <summary>The box's snapshots, oldest first.</summary>
        public async Task<IReadOnlyList<SnapshotInfo>> ListAsync(string box, CancellationToken ct)
        {
            await RequireBoxAsync(box, ct).ConfigureAwait(false);
            return await ListUncheckedAsync(box, ct).ConfigureAwait(false);
        }

        /// <summary>The snapshots of a box that was just read from this backend's listing (no second existence check).</summary>
        public Task<IReadOnlyList<SnapshotInfo>> ListAsync(BoxInfo box, CancellationToken ct) => ListUncheckedAsync(box.Name, ct);

        /// <summary>Takes a (stateless) snapshot; refuses a name already in use rather than letting Incus fail the operation.</summary>
        public async Task<SnapshotInfo> CreateAsync(string box, string snapshot, CancellationToken ct)
        {
            EnsureName(snapshot);
            await RequireBoxAsync(box, ct).ConfigureAwait(false);
            if (await FindUncheckedAsync(box, snapshot, ct).ConfigureAwait(false) != null)
                throw new SnapshotExistsException(box, _backend.Name, snapshot);
            var body = new Dictionary<string, object> { ["name"] = snapshot, ["stateful"] = false };
            await _incus.SendAsync("POST", SnapshotsPath(box), body, ct).ConfigureAwait(false);
            return await FindUncheckedAsync(box, snapshot, ct).ConfigureAwait(false)
                   ?? throw new IncusException(500, $"Snapshot '{snapshot}' of '{box}' is missing right after it was taken.", SnapshotsPath(box));
        }

        /// <summary>
        /// Rolls the box's root file system and config back to the snapshot (PUT /1.0/instances/NAME {"restore"}).
        /// A running box is stopped and started again by Incus; everything written after the snapshot is gone.
        /// </summary>
        public async Task RestoreAsync(string box, string snapshot, CancellationToken ct)
        {
            await RequireSnapshotAsync(box, snapshot, ct).ConfigureAwait(false);
            var body = new Dictionary<string, object> { ["restore"] = snapshot, ["stateful"] = false };
            await _incus.SendAsync("PUT", InstancePath(box), body, ct).ConfigureAwait(false);
        }

        public async Task DeleteAsync(string box, string snapshot, CancellationToken ct)
        {
            await RequireSnapshotAsync(box, snapshot, ct).ConfigureAwait(false);
            await _incus.SendAsync("DELETE", SnapshotPath(box, snapshot), null, ct).ConfigureAwait(false);
        }

        /// <summary>The snapshot, after checking the box; throws when either is missing.</summary>
        public async Task<SnapshotInfo> RequireSnapshotAsync(string box, string snapshot, CancellationToken ct)
        {
            EnsureName(snapshot);
            await RequireBoxAsync(box, ct).ConfigureAwait(false);
            return await FindUncheckedAsync(box, snapshot, ct).ConfigureAwait(false)
                   ?? throw new SnapshotNotFoundException(box, _backend.Name, snapshot);
        }

        private async Task RequireBoxAsync(string box, CancellationToken ct)
        {
            NameRules.EnsureInstanceName(box);
            if (await _boxes.FindAsync(box, ct).ConfigureAwait(false) == null) throw new BoxNotFoundException(box, _backend.Name);
        }

        private async Task<IReadOnlyList<SnapshotInfo>> ListUncheckedAsync(string box, CancellationToken ct)
        {
            var list = await _incus.GetAsync(SnapshotsPath(box) + "?recursion=1", ct).ConfigureAwait(false);
            return list.EnumerateArray().Select(s => SnapshotInfo.FromJson(s, box, _backend.Name))
                .OrderBy(s => s.Created ?? DateTimeOffset.MinValue).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        }

        private async Task<SnapshotInfo?> FindUncheckedAsync(string box, string snapshot, CancellationToken ct)
        {
            try
            {
                var s = await _incus.GetAsync(SnapshotPath(box, snapshot), ct).ConfigureAwait(false);
                return SnapshotInfo.FromJson(s, box, _backend.Name);
            }
            catch (IncusException e) when (e.IsNotFound)
            {
                return null;
            }
        }

        private static void EnsureName(string snapshot)
        {
            var problem = SnapshotNames.Check(snapshot);
            if (problem != null) throw new ArgumentException(problem, nameof(snapshot));
        }

        private static string InstancePath(string box) => "/1.0/instances/" + Uri.EscapeDataString(box);
        private static string SnapshotsPath(string box) => InstancePath(box) + "/snapshots";
        private static string SnapshotPath(string box, string snapshot) => SnapshotsPath(box) + "/" + Uri.EscapeDataString(snapshot);
    }
}
