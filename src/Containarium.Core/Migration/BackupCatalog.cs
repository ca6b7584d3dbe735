using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Containarium.Core.Migration
{
    /// <summary>
    /// A folder of backups: &lt;box&gt;-&lt;UTC time&gt;.tar files, each with its manifest. Finding a box's latest backup
    /// reads only the manifests (a backup whose manifest is missing or broken is not listed).
    /// </summary>
    public static class BackupCatalog
    {
        public const string Extension = ".tar";

        /// <summary>A new backup file name in <paramref name="folder"/> for <paramref name="box"/> exported at <paramref name="at"/>.</summary>
        public static string NewFilePath(string folder, string box, DateTimeOffset at)
        {
            var stem = Path.Combine(folder, box + "-" + at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            var path = stem + Extension;
            for (var i = 2; File.Exists(path) || File.Exists(BackupManifest.PathFor(path)); i++) path = stem + "-" + i + Extension;
            return path;
        }

        /// <summary>Every readable backup in the folder, newest first; optionally only those of one box.</summary>
        public static IReadOnlyList<(BackupManifest Manifest, string BackupFile)> List(string folder, string? box = null)
        {
            if (!Directory.Exists(folder)) return Array.Empty<(BackupManifest, string)>();
            var found = new List<(BackupManifest, string)>();
            foreach (var manifest in Directory.EnumerateFiles(folder, "*" + Extension + BackupManifest.Suffix))
            {
                try
                {
                    var entry = BackupManifest.Load(manifest);
                    if (box == null || string.Equals(entry.Manifest.Name, box, StringComparison.OrdinalIgnoreCase)) found.Add(entry);
                }
                catch (MigrationException) { /* not one of ours, or damaged: skip */ }
            }
            return found.OrderByDescending(e => e.Item1.ExportedAt).ToList();
        }

        /// <summary>
        /// The newest backup of <paramref name="box"/> owned by <paramref name="owner"/>: a backup of the same name taken
        /// from another user's box is never a candidate. Throws BackupNotFound / BackupOwnerMismatch.
        /// </summary>
        public static (BackupManifest Manifest, string BackupFile) LatestOf(string folder, string box, string owner)
        {
            var all = List(folder, box);
            if (all.Count == 0)
                throw new MigrationException(MigrationFailure.BackupNotFound, $"The backup catalogue '{folder}' holds no backup of box '{box}' (Export-CtrContainer -Path '{folder}' writes them); nothing was restored.");
            var own = all.Where(e => string.Equals(e.Manifest.UserName, owner, StringComparison.Ordinal)).ToList();
            if (own.Count == 0)
                throw new MigrationException(MigrationFailure.BackupOwnerMismatch,
                    $"The backups of '{box}' in '{folder}' belong to '{string.Join("', '", all.Select(e => e.Manifest.UserName).Distinct())}', not to its owner '{owner}'; nothing was restored.");
            return own[0];
        }

        /// <summary>The newest backup of <paramref name="box"/> in the folder, or null.</summary>
        public static (BackupManifest Manifest, string BackupFile)? Latest(string folder, string box)
        {
            var all = List(folder, box);
            return all.Count == 0 ? ((BackupManifest, string)?)null : all[0];
        }
    }
}
