using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Incus;

namespace Containarium.Core.Migration
{
    /// <summary>
    /// Restores a backup file onto a backend: checksum first (nothing is sent for a damaged file), then the stream into
    /// `incus import` (hashed again on the host), the box's proxy port, the owner's access path, and its state at export.
    /// Any failure removes the partial box.
    /// </summary>
    public sealed class BackupRestorer
    {
        private readonly BackendConnector _connector;

        public BackupRestorer(BackendConnector connector) => _connector = connector;

        /// <summary>Reads the manifest and checks the file's size and SHA-256 against it, locally. Throws on any mismatch.</summary>
        public static (BackupManifest Manifest, string BackupFile) Verify(string path)
        {
            var (manifest, file) = BackupManifest.Load(path);
            if (!File.Exists(file)) throw new MigrationException(MigrationFailure.BackupInvalid, $"Backup file '{file}' (named by its manifest) is missing.");
            var size = new FileInfo(file).Length;
            if (size != manifest.Size)
                throw new MigrationException(MigrationFailure.BackupCorrupt, $"Backup file '{file}' has {size} bytes, its manifest says {manifest.Size}; it was not sent anywhere.");
            var sha = HashingStream.OfFile(file);
            if (!string.Equals(sha, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new MigrationException(MigrationFailure.BackupCorrupt, $"Backup file '{file}' has SHA-256 {sha}, its manifest says {manifest.Sha256}; it was not sent anywhere.");
            return (manifest, file);
        }

        /// <param name="member">A cluster destination's member to land on (the import runs over its endpoint); null: any.</param>
        /// <param name="replaces">Where the lost copy this restore replaces lived ("backend/member"); recorded on the box with
        /// the restore and backup times, so that the old copy is known as stale when its host returns.</param>
        public async Task<BoxInfo> RestoreAsync(BackupManifest manifest, string backupFile, BackendDefinition destination, Action<string>? step, Action<long>? progress, CancellationToken ct, string? replaces = null, string? member = null)
        {
            var landing = new TransferEnd(destination, _connector, member);
            await landing.EnsureNameFreeAsync(manifest.Name, ct).ConfigureAwait(false);
            var pool = await landing.Service.RootPoolAsync(ct).ConfigureAwait(false);
            var stateDirectory = HostStream.NewStateDirectory(manifest.Name);
            var granted = false;
            try
            {
                step?.Invoke($"sending {Path.GetFileName(backupFile)} to {destination.Name}");
                HostStreamResult result;
                using (var file = new FileStream(backupFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
                using (progress == null ? null : new Timer(_ => progress(SafePosition(file)), null, 1000, 1000))
                {
                    try { result = await HostStream.ImportAsync(landing.ImportTransport, manifest.Name, pool, stateDirectory, file, ct).ConfigureAwait(false); }
                    catch (Exception e) when (StreamRelay.IsLostLink(e))
                    {
                        throw new MigrationException(MigrationFailure.TransferFailed, $"import on {landing.ImportTransport.Description} failed: {StreamRelay.Cause(e)}", e);
                    }
                }
                if (!result.Succeeded)
                    throw StreamRelay.Failure($"import exited {result.ExitCode}: {result.Error}", landing.ImportTransport, "destination", null);
                if (!string.Equals(result.Sha256, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
                    throw new MigrationException(MigrationFailure.ChecksumMismatch, $"'{destination.Name}' received SHA-256 {result.Sha256}, the backup has {manifest.Sha256}.");

                var arrived = await InstanceRecord.ReadAsync(landing.Incus, manifest.Name, ct).ConfigureAwait(false)
                              ?? throw new MigrationException(MigrationFailure.VerificationFailed, $"The import reported success but '{destination.Name}' has no box '{manifest.Name}'.");
                arrived.EnsureOn(member, destination.Name);
                arrived.Config.TryGetValue(BoxKeys.Owner, out var owner);
                if (owner != manifest.UserName || !arrived.Snapshots.SequenceEqual(manifest.Snapshots.OrderBy(s => s, StringComparer.Ordinal)))
                    throw new MigrationException(MigrationFailure.VerificationFailed, $"The restored box's owner or snapshots differ from the manifest of '{backupFile}'.");
                var box = await landing.Service.FindAsync(manifest.Name, ct).ConfigureAwait(false)
                          ?? throw new MigrationException(MigrationFailure.VerificationFailed, $"'{manifest.Name}' on '{destination.Name}' is not a Containarium box.");
                if (replaces != null)
                {
                    var marks = new System.Collections.Generic.Dictionary<string, string>
                    {
                        [BoxKeys.RestoredFrom] = replaces,
                        [BoxKeys.RestoredAt] = DateTimeOffset.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                        [BoxKeys.BackupAt] = manifest.ExportedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                    };
                    await landing.Service.UpdateConfigAsync(manifest.Name, marks, ct).ConfigureAwait(false);
                    box = await landing.Service.FindAsync(manifest.Name, ct).ConfigureAwait(false) ?? box;
                }
                using var port = await landing.AssignPortAsync(arrived, box.SshPort, Array.Empty<int>(), ct).ConfigureAwait(false);
                var keys = await OwnerKeys.ReadAsync(landing.Transport, manifest.Name, manifest.UserName, box.KeyFingerprints.ToList(), ct).ConfigureAwait(false);
                step?.Invoke($"opening the access path of {manifest.UserName} on {destination.Name}");
                granted = true;
                await landing.GrantAccessAsync(manifest.UserName, manifest.Name, port.Port, keys, ct).ConfigureAwait(false);
                if (string.Equals(manifest.State, "Running", StringComparison.OrdinalIgnoreCase))
                {
                    step?.Invoke($"starting {manifest.Name} on {destination.Name}");
                    await landing.StartAsync(manifest.Name, port.Port, arrived.Location, ct).ConfigureAwait(false);
                }
                return await landing.Service.FindAsync(manifest.Name, ct).ConfigureAwait(false)
                       ?? throw new MigrationException(MigrationFailure.VerificationFailed, $"Box '{manifest.Name}' vanished from '{destination.Name}'.");
            }
            catch (Exception e)
            {
                var revokeNote = "";
                if (granted)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                    try { await landing.RevokeAccessAsync(manifest.UserName, manifest.Name, cts.Token).ConfigureAwait(false); }
                    catch (Exception r) when (!(r is OutOfMemoryException)) { revokeNote = $"; revoking the access path failed ({r.Message})"; }
                }
                var note = await landing.RemoveAsync(manifest.Name, stateDirectory).ConfigureAwait(false) + revokeNote;
                var what = $"Restoring '{manifest.Name}' from '{backupFile}' onto '{destination.Name}' ";
                if (e is OperationCanceledException) throw new OperationCanceledException(what + "was cancelled; " + note + ".", e, ct);
                throw new MigrationException(e is MigrationException m ? m.Failure : MigrationFailure.TransferFailed, what + $"failed: {e.Message} ({note}).", e);
            }
        }

        private static long SafePosition(FileStream file)
        {
            try { return file.Position; }
            catch (ObjectDisposedException) { return 0; }
        }
    }
}
