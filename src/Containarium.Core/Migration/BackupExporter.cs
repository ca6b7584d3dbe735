using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Containers;

namespace Containarium.Core.Migration
{
    /// <summary>
    /// Writes a box (with its snapshots) to a backup file on this machine plus its manifest. The file appears under its
    /// final name only when complete and its SHA-256 matches the one computed on the host; a failed export leaves nothing.
    /// </summary>
    public sealed class BackupExporter
    {
        private readonly BackendConnector _connector;

        public BackupExporter(BackendConnector connector) => _connector = connector;

        /// <summary><paramref name="path"/> is a folder (the catalogue: a new time-stamped file) or a new file's path.</summary>
        public async Task<(BackupManifest Manifest, string BackupFile)> ExportAsync(BackendDefinition backend, string boxName, string path, Action<long>? progress, CancellationToken ct)
        {
            var file = TargetFile(path, boxName);
            var source = new TransferEnd(backend, _connector);
            var box = await source.Service.FindAsync(boxName, ct).ConfigureAwait(false) ?? throw new BoxNotFoundException(boxName, backend.Name);
            var record = await InstanceRecord.ReadAsync(source.Incus, boxName, ct).ConfigureAwait(false) ?? throw new BoxNotFoundException(boxName, backend.Name);
            var backupsBefore = await BoxMover.BackupNamesAsync(source.Incus, boxName, ct).ConfigureAwait(false);
            var temp = file + ".partial-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var manifestPath = BackupManifest.PathFor(file);
            var moved = false;
            try
            {
                HostStreamResult host;
                string localSha;
                long size;
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                using (var hashing = new HashingStream(stream))
                using (progress == null ? null : new Timer(_ => progress(hashing.BytesWritten), null, 1000, 1000))
                {
                    try { host = await HostStream.ExportAsync(source.Transport, boxName, hashing, ct).ConfigureAwait(false); }
                    catch (Exception e) when (StreamRelay.IsLostLink(e))
                    {
                        // A link lost mid-stream is a failed transfer (the box is untouched), not an unreachable backend.
                        throw new MigrationException(MigrationFailure.TransferFailed,
                            $"Exporting '{boxName}' from '{backend.Name}' failed: export on {source.Transport.Description} failed: {StreamRelay.Cause(e)}; no backup was written.", e);
                    }
                    hashing.Flush();
                    stream.Flush(true);
                    localSha = hashing.Finish();
                    size = hashing.BytesWritten;
                }
                if (!host.Succeeded)
                    throw StreamRelay.Failure($"export exited {host.ExitCode}: {host.Error}", source.Transport, "source", null);
                if (host.Sha256 != localSha)
                    throw new MigrationException(MigrationFailure.ChecksumMismatch, $"Export of '{boxName}': the host sent SHA-256 {host.Sha256} but {localSha} arrived ({size} bytes).");
                var manifest = new BackupManifest
                {
                    Name = box.Name, UserName = box.UserName, Team = box.Team, Backend = backend.Name, State = record.Status,
                    Cpu = box.Cpu, Memory = box.Memory, Disk = box.Disk,
                    Created = box.Created, ExportedAt = DateTimeOffset.UtcNow, Sha256 = localSha, Size = size,
                    File = Path.GetFileName(file), Snapshots = record.Snapshots.ToList(),
                };
                File.Move(temp, file);
                moved = true;
                manifest.Save(manifestPath);
                return (manifest, file);
            }
            catch (Exception)
            {
                BackupManifest.TryDelete(temp);
                if (moved) BackupManifest.TryDelete(file);
                throw;
            }
            finally
            {
                await BoxMover.DeleteNewBackupsAsync(source.Incus, boxName, backupsBefore).ConfigureAwait(false);
            }
        }

        private static string TargetFile(string path, string box)
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full)) return BackupCatalog.NewFilePath(full, box, DateTimeOffset.UtcNow);
            var folder = Path.GetDirectoryName(full);
            if (folder == null || !Directory.Exists(folder))
                throw new DirectoryNotFoundException($"Folder '{folder}' does not exist; give an existing folder (the backup catalogue) or a new file in one.");
            if (File.Exists(full) || File.Exists(BackupManifest.PathFor(full)))
                throw new IOException($"'{full}' already exists; backups are never overwritten. Give a folder to get a new time-stamped file.");
            return full;
        }
    }
}
