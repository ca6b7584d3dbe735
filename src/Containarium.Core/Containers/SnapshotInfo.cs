using System;
using System.Globalization;
using System.Text.Json;
using Containarium.Core.Incus;

namespace Containarium.Core.Containers
{
    /// <summary>One snapshot of a box, from a /1.0/instances/NAME/snapshots?recursion=1 entry.</summary>
    public sealed class SnapshotInfo
    {
        public string Container { get; set; } = "";
        public string Backend { get; set; } = "";
        public string Name { get; set; } = "";
        public DateTimeOffset? Created { get; set; }
        public DateTimeOffset? Expires { get; set; }
        public bool Stateful { get; set; }
        /// <summary>Bytes, when the storage driver reports it cheaply (btrfs with a sized root disk does; dir, or btrfs without a quota, answers -1: null here).</summary>
        public long? Size { get; set; }

        public static SnapshotInfo FromJson(JsonElement snapshot, string container, string backend)
        {
            var info = new SnapshotInfo
            {
                Container = container,
                Backend = backend,
                Name = HostInfo.Str(snapshot, "name") ?? "",
                Created = Time(HostInfo.Str(snapshot, "created_at")),
                Expires = Time(HostInfo.Str(snapshot, "expires_at")),
                Stateful = snapshot.TryGetProperty("stateful", out var s) && s.ValueKind == JsonValueKind.True,
            };
            var size = HostInfo.Num(snapshot, "size");
            if (size >= 0 && snapshot.TryGetProperty("size", out _)) info.Size = size;
            return info;
        }

        /// <summary>Incus writes the zero time (0001-01-01) for "never"; that is null here.</summary>
        private static DateTimeOffset? Time(string? value) =>
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) && t.Year > 1 ? t : (DateTimeOffset?)null;
    }
}
