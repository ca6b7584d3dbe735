using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Incus;
using Containarium.Core.Transport;

namespace Containarium.Core.Migration
{
    /// <summary>A finished move: the box where it now lives, the transfer's figures, and a warning if the source copy stayed.</summary>
    public sealed class MoveResult
    {
        internal MoveResult(BoxInfo box, string from, RelayResult transfer, string? warning)
        {
            Box = box;
            From = from;
            Transfer = transfer;
            Warning = warning;
        }

        public BoxInfo Box { get; }
        public string From { get; }
        public RelayResult Transfer { get; }
        public string? Warning { get; }
    }

    /// <summary>
    /// Moves one box between backends through this process. The source is deleted only at the very end, after the
    /// destination box exists, matches the source (config, devices, profiles, snapshots), the three checksums agree and
    /// the box runs there if it ran before. Any failure or cancellation before that puts the source back as it was
    /// (access path, running state, no leftover export) and removes the partial destination.
    /// </summary>
    public sealed class BoxMover
    {
        private readonly BackendConnector _connector;

        public BoxMover(BackendConnector connector)
        {
            _connector = connector;
        }

        /// <param name="member">A cluster destination's member to land on (the import runs over that member's endpoint); null: any.</param>
        public async Task<MoveResult> MoveAsync(string boxName, BackendDefinition source, BackendDefinition destination, string? member,
            Action<string>? step, Action<long>? progress, CancellationToken ct)
        {
            if (string.Equals(source.Name, destination.Name, StringComparison.OrdinalIgnoreCase))
                throw new MigrationException(MigrationFailure.SameBackend, $"Box '{boxName}' is already on '{source.Name}'; choose another -Destination.");
            var sourceEnd = new TransferEnd(source, _connector);
            var origin = sourceEnd.Service;
            var sourceIncus = sourceEnd.Incus;
            var box = await origin.FindAsync(boxName, ct).ConfigureAwait(false) ?? throw new BoxNotFoundException(boxName, source.Name);
            var before = await InstanceRecord.ReadAsync(sourceIncus, boxName, ct).ConfigureAwait(false) ?? throw new BoxNotFoundException(boxName, source.Name);
            var landing = new TransferEnd(destination, _connector, member);
            await landing.EnsureNameFreeAsync(boxName, ct).ConfigureAwait(false);
            var pool = await landing.Service.RootPoolAsync(ct).ConfigureAwait(false);
            var keys = await OwnerKeys.ReadAsync(sourceIncus.Transport, boxName, box.UserName, box.KeyFingerprints.ToList(), ct).ConfigureAwait(false);
            var backupsBefore = await BackupNamesAsync(sourceIncus, boxName, ct).ConfigureAwait(false);

            var state = new Progress(before.IsRunning);
            string? stateDirectory = null;
            try
            {
                if (before.IsRunning)
                {
                    step?.Invoke($"stopping {boxName} on {source.Name} for the transfer");
                    state.SourceStopped = true; // before the call: a stop whose answer is lost may still have happened
                    await origin.SetStateAsync(boxName, "stop", false, ct).ConfigureAwait(false);
                }
                step?.Invoke($"streaming {boxName} from {source.Name} to {destination.Name}{(member == null ? "" : " member " + member)}");
                stateDirectory = HostStream.NewStateDirectory(boxName);
                var transfer = await StreamRelay.RunAsync(sourceIncus.Transport, landing.ImportTransport, boxName, pool, stateDirectory, progress, ct).ConfigureAwait(false);

                step?.Invoke($"verifying {boxName} on {destination.Name}");
                var arrived = await InstanceRecord.ReadAsync(landing.Incus, boxName, ct).ConfigureAwait(false)
                              ?? throw new MigrationException(MigrationFailure.VerificationFailed, $"The import reported success but '{destination.Name}' has no box '{boxName}'.");
                arrived.EnsureOn(member, destination.Name);
                var differences = arrived.DifferencesFrom(before, pool);
                if (differences.Count > 0)
                    throw new MigrationException(MigrationFailure.VerificationFailed, $"Box '{boxName}' differs on '{destination.Name}': " + string.Join("; ", differences));

                var sameHost = string.Equals(origin.HostKey, landing.Service.HostKey, StringComparison.OrdinalIgnoreCase);
                var avoid = sameHost && box.SshPort.HasValue ? new[] { box.SshPort.Value } : Array.Empty<int>();
                using var port = await landing.AssignPortAsync(arrived, box.SshPort, avoid, ct).ConfigureAwait(false);

                // Revoke before granting: entry hosts shared by both backends keep one fragment per box.
                step?.Invoke($"moving the access path of {box.UserName} to {destination.Name}");
                state.SourceAccessRevoked = true;
                await sourceEnd.RevokeAccessAsync(box.UserName, boxName, ct).ConfigureAwait(false);
                state.DestinationAccessGranted = true;
                await landing.GrantAccessAsync(box.UserName, boxName, port.Port, keys, ct).ConfigureAwait(false);
                if (before.IsRunning)
                {
                    step?.Invoke($"starting {boxName} on {destination.Name}");
                    await landing.StartAsync(boxName, port.Port, arrived.Location, ct).ConfigureAwait(false);
                }
                var moved = await landing.Service.FindAsync(boxName, ct).ConfigureAwait(false)
                            ?? throw new MigrationException(MigrationFailure.VerificationFailed, $"Box '{boxName}' vanished from '{destination.Name}'.");

                // Point of no return: the destination is complete. Only now does the source copy go.
                step?.Invoke($"removing {boxName} from {source.Name}");
                string? warning = null;
                try { await DeleteSourceAsync(origin, boxName).ConfigureAwait(false); }
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    warning = $"Box '{boxName}' now runs from '{destination.Name}', but its old copy on '{source.Name}' could not be removed ({e.Message}); remove it there with `incus delete {boxName}`.";
                }
                await DeleteNewBackupsAsync(sourceIncus, boxName, backupsBefore).ConfigureAwait(false);
                return new MoveResult(moved, source.Name, transfer, warning);
            }
            catch (Exception e)
            {
                var note = await RollbackAsync(sourceEnd, landing, box, keys, backupsBefore, stateDirectory, state).ConfigureAwait(false);
                var what = $"Moving box '{boxName}' from '{source.Name}' to '{destination.Name}' ";
                if (e is OperationCanceledException) throw new OperationCanceledException(what + "was cancelled; " + note, e, ct);
                var failure = e is MigrationException m ? m.Failure : MigrationFailure.TransferFailed;
                throw new MigrationException(failure, what + $"failed: {e.Message} {note}", e);
            }
        }

        /// <summary>Undo in reverse order, each step on its own; returns what the source and destination look like now.</summary>
        private static async Task<string> RollbackAsync(TransferEnd sourceEnd, TransferEnd landing, BoxInfo box,
            IReadOnlyList<string> keys, IReadOnlyCollection<string> backupsBefore, string? stateDirectory, Progress state)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(180));
            var problems = new List<string>();
            async Task Try(string what, Func<Task> action)
            {
                try { await action().ConfigureAwait(false); }
                catch (Exception e) when (!(e is OutOfMemoryException)) { problems.Add($"{what} failed ({e.Message})"); }
            }
            if (state.DestinationAccessGranted) await Try("revoking the new access path", () => landing.RevokeAccessAsync(box.UserName, box.Name, cts.Token)).ConfigureAwait(false);
            var destinationNote = stateDirectory == null ? null : await landing.RemoveAsync(box.Name, stateDirectory).ConfigureAwait(false);
            if (state.SourceAccessRevoked && box.SshPort.HasValue)
                await Try("restoring the access path", () => sourceEnd.GrantAccessAsync(box.UserName, box.Name, box.SshPort!.Value, keys, cts.Token)).ConfigureAwait(false);
            if (state.SourceStopped) await Try("restarting the source box", () => RestartIfStoppedAsync(sourceEnd, box.Name, cts.Token)).ConfigureAwait(false);
            await DeleteNewBackupsAsync(sourceEnd.Incus, box.Name, backupsBefore).ConfigureAwait(false);
            var restartFailed = problems.Any(p => p.StartsWith("restarting", StringComparison.Ordinal));
            var sourceNote = $"The box is intact on '{sourceEnd.Backend.Name}'" + (state.WasRunning && state.SourceStopped && !restartFailed ? " and running again" : "");
            if (restartFailed) problems.Add($"it is stopped there: start it with `Start-CtrContainer -Name {box.Name}` once '{sourceEnd.Backend.Name}' answers");
            return sourceNote + (destinationNote == null ? "" : "; " + destinationNote) + (problems.Count == 0 ? "." : "; but " + string.Join("; ", problems) + ".");
        }

        private static async Task RestartIfStoppedAsync(TransferEnd sourceEnd, string box, CancellationToken ct)
        {
            // Retried for two reasons: the aborted export may still hold the instance for a while (its backup is being
            // written), and a source whose link was cut mid-stream may answer again within the rollback's time.
            Exception last;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var now = await InstanceRecord.ReadAsync(sourceEnd.Incus, box, ct).ConfigureAwait(false);
                    if (now == null || now.IsRunning) return;
                    await sourceEnd.Service.SetStateAsync(box, "start", false, ct).ConfigureAwait(false);
                    return;
                }
                catch (IncusException e) when (attempt < 20) { last = e; }
                catch (TransportException e) when (IsLinkDown(e) && !ct.IsCancellationRequested) { last = e; }
                // Out of time: the last failure says why the box is still stopped.
                try { await Task.Delay(3000, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { ExceptionDispatchInfo.Capture(last).Throw(); }
            }
        }

        private static bool IsLinkDown(TransportException e) =>
            e.Failure == TransportFailure.Unreachable || e.Failure == TransportFailure.ConnectionLost || e.Failure == TransportFailure.CommandTimeout;

        private static async Task DeleteSourceAsync(BoxService origin, string box)
        {
            // Not cancellable: once the destination is complete, a half-done cleanup is worse than a finished one.
            // The export's own clean-up (deleting its temporary backup) may still hold the instance for a moment: retry.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await origin.DeleteInstanceAsync(box, cts.Token).ConfigureAwait(false);
                    return;
                }
                catch (IncusException e) when (e.IsNotFound) { return; }
                catch (IncusException) when (attempt < 10) { await Task.Delay(2000, cts.Token).ConfigureAwait(false); }
            }
        }

        internal static async Task<IReadOnlyCollection<string>> BackupNamesAsync(IncusClient incus, string box, CancellationToken ct)
        {
            var list = await incus.GetAsync(InstanceRecord.Path(box) + "/backups", ct).ConfigureAwait(false);
            return list.ValueKind == System.Text.Json.JsonValueKind.Array
                ? list.EnumerateArray().Select(u => u.GetString() ?? "").Select(u => u.Substring(u.LastIndexOf('/') + 1)).ToList()
                : new List<string>();
        }

        /// <summary>An export cut short leaves its temporary backup (24 h expiry) on the source; remove it now.</summary>
        internal static async Task DeleteNewBackupsAsync(IncusClient incus, string box, IReadOnlyCollection<string> before)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                foreach (var name in (await BackupNamesAsync(incus, box, cts.Token).ConfigureAwait(false)).Except(before))
                    await incus.SendAsync("DELETE", InstanceRecord.Path(box) + "/backups/" + Uri.EscapeDataString(Uri.UnescapeDataString(name)), null, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IncusException || e is Transport.TransportException || e is OperationCanceledException) { /* the box is gone or unreachable; backups expire anyway */ }
        }

        private sealed class Progress
        {
            public Progress(bool wasRunning) => WasRunning = wasRunning;
            public bool WasRunning { get; }
            public bool SourceStopped { get; set; }
            public bool SourceAccessRevoked { get; set; }
            public bool DestinationAccessGranted { get; set; }
        }
    }
}
