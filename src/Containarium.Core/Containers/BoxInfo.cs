using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Containarium.Core.Incus;

namespace Containarium.Core.Containers
{
    /// <summary>A box as its backend describes it (from one /1.0/instances?recursion=1 entry).</summary>
    public sealed class BoxInfo
    {
        /// <summary>State of a box whose cluster member is down: it exists but cannot be reached until the member is back.</summary>
        public const string Unavailable = "Unavailable";

        /// <summary>State of an old copy of a box that was restored elsewhere from a backup: it must never run again.</summary>
        public const string Stale = "Stale";

        public string Name { get; set; } = "";
        public string Backend { get; set; } = "";
        public string? Member { get; set; }
        public string UserName { get; set; } = "";
        public string? Team { get; set; }
        public string State { get; set; } = "";
        public string? Image { get; set; }
        public string? Cpu { get; set; }
        public string? Memory { get; set; }
        public string? Disk { get; set; }
        public int? SshPort { get; set; }
        public bool Nesting { get; set; }
        public string? CreatedBy { get; set; }
        public DateTimeOffset? Created { get; set; }
        public IReadOnlyList<string> KeyFingerprints { get; set; } = Array.Empty<string>();

        /// <summary>On a restored box: where the copy it replaces lived, when it was restored, when its backup was taken.</summary>
        public string? RestoredFrom { get; set; }
        public DateTimeOffset? RestoredAt { get; set; }
        public DateTimeOffset? BackupAt { get; set; }
        /// <summary>On a stale copy: the restored box that replaces it ("backend/box").</summary>
        public string? SupersededBy { get; set; }
        /// <summary>The state Incus reported before the box was found stale (Running means it must be stopped).</summary>
        public string? IncusState { get; set; }

        /// <summary>Where the box lives: "backend" or "backend/member".</summary>
        public string Location => Member == null ? Backend : Backend + "/" + Member;

        /// <summary>Live usage, only with -Detailed (state queries are ~20x dearer than the listing).</summary>
        public long? MemoryUsage { get; set; }
        public long? DiskUsage { get; set; }
        public long? CpuTimeNs { get; set; }
        public string? IPv4 { get; set; }

        /// <summary>Reads a box from an instance object; null when the instance is not a Containarium box.</summary>
        public static BoxInfo? FromInstance(JsonElement instance, string backend)
        {
            if (!instance.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object) return null;
            var owner = HostInfo.Str(config, BoxKeys.Owner);
            if (string.IsNullOrEmpty(owner)) return null;
            var box = new BoxInfo
            {
                Name = HostInfo.Str(instance, "name") ?? "",
                Backend = backend,
                Member = HostInfo.Str(instance, "location") is string loc && loc.Length > 0 && loc != "none" ? loc : null,
                UserName = owner!,
                Team = Empty(HostInfo.Str(config, BoxKeys.Team)),
                State = HostInfo.Str(instance, "status") ?? "Unknown",
                Image = Empty(HostInfo.Str(config, "image.description")) ?? Empty(HostInfo.Str(config, "volatile.base_image")),
                Cpu = Empty(HostInfo.Str(config, "limits.cpu")),
                Memory = Empty(HostInfo.Str(config, "limits.memory")),
                Nesting = HostInfo.Str(config, "security.nesting") == "true",
                CreatedBy = Empty(HostInfo.Str(config, BoxKeys.CreatedBy)),
            };
            if (int.TryParse(HostInfo.Str(config, BoxKeys.SshPort), NumberStyles.None, CultureInfo.InvariantCulture, out var port)) box.SshPort = port;
            if (DateTimeOffset.TryParse(HostInfo.Str(config, BoxKeys.CreatedAt), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)) box.Created = created;
            var fps = HostInfo.Str(config, BoxKeys.KeyFingerprints);
            if (!string.IsNullOrEmpty(fps)) box.KeyFingerprints = fps!.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
            box.RestoredFrom = Empty(HostInfo.Str(config, BoxKeys.RestoredFrom));
            box.RestoredAt = Time(HostInfo.Str(config, BoxKeys.RestoredAt));
            box.BackupAt = Time(HostInfo.Str(config, BoxKeys.BackupAt));
            box.SupersededBy = Empty(HostInfo.Str(config, BoxKeys.SupersededBy));
            if (instance.TryGetProperty("devices", out var devices) && devices.TryGetProperty("root", out var root))
                box.Disk = Empty(HostInfo.Str(root, "size"));
            box.IncusState = box.State;
            if (box.SupersededBy != null) box.State = Stale;
            return box;
        }

        private static DateTimeOffset? Time(string? s) =>
            DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null;

        private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;
    }
}
