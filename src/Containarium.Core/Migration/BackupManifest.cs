using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Containarium.Core.Migration
{
    /// <summary>
    /// The JSON sidecar of a backup file (&lt;file&gt;.json): what the box was, where it came from, and the SHA-256 and size of
    /// the file. The catalogue (<see cref="BackupCatalog"/>) is just these manifests in a folder.
    /// </summary>
    public sealed class BackupManifest
    {
        public const string Suffix = ".json";
        public const int CurrentFormat = 1;

        public int Format { get; set; } = CurrentFormat;
        public string Name { get; set; } = "";
        public string UserName { get; set; } = "";
        public string? Team { get; set; }
        public string Backend { get; set; } = "";
        public string State { get; set; } = "";
        /// <summary>The box's limits, so that placement can reserve them on restore.</summary>
        public string? Cpu { get; set; }
        public string? Memory { get; set; }
        public string? Disk { get; set; }
        public DateTimeOffset? Created { get; set; }
        public DateTimeOffset ExportedAt { get; set; }
        public string Sha256 { get; set; } = "";
        public long Size { get; set; }
        /// <summary>The backup file's name, relative to the manifest's folder.</summary>
        public string File { get; set; } = "";
        public List<string> Snapshots { get; set; } = new List<string>();

        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        public static string PathFor(string backupFile) => backupFile + Suffix;

        /// <summary>The manifest of a backup given by its file or by the manifest itself.</summary>
        public static (BackupManifest Manifest, string BackupFile) Load(string path)
        {
            var manifestPath = path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) ? path : PathFor(path);
            if (!System.IO.File.Exists(manifestPath))
                throw new MigrationException(MigrationFailure.BackupInvalid, $"No backup manifest at '{manifestPath}' (Export-CtrContainer writes one beside every backup file).");
            BackupManifest? manifest;
            try { manifest = JsonSerializer.Deserialize<BackupManifest>(System.IO.File.ReadAllText(manifestPath), Options); }
            catch (JsonException e) { throw new MigrationException(MigrationFailure.BackupInvalid, $"Backup manifest '{manifestPath}' is not valid JSON: {e.Message}", e); }
            if (manifest == null || manifest.Name.Length == 0 || manifest.Sha256.Length != 64 || manifest.File.Length == 0 || manifest.Format != CurrentFormat)
                throw new MigrationException(MigrationFailure.BackupInvalid, $"Backup manifest '{manifestPath}' lacks name, sha256 or file, or has an unknown format.");
            var file = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(manifestPath)) ?? ".", System.IO.Path.GetFileName(manifest.File));
            return (manifest, file);
        }

        /// <summary>Temp file then rename: a reader never sees a half-written manifest.</summary>
        public void Save(string manifestPath)
        {
            var temp = manifestPath + ".partial-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            System.IO.File.WriteAllText(temp, JsonSerializer.Serialize(this, Options));
            try { System.IO.File.Move(temp, manifestPath); }
            catch { TryDelete(temp); throw; }
        }

        internal static void TryDelete(string path)
        {
            try { System.IO.File.Delete(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { }
        }
    }
}
