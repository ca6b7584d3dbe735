using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Incus;

namespace Containarium.Core.Migration
{
    /// <summary>
    /// What must survive a move: the instance's own config (user.containarium.*, limits, security, boot — not the
    /// host-specific volatile.* keys), its devices, profiles and snapshot names, read over the REST API.
    /// </summary>
    public sealed class InstanceRecord
    {
        public string Name { get; private set; } = "";
        public string Status { get; private set; } = "";
        /// <summary>The cluster member it is on ("none" or empty on a host that is not clustered).</summary>
        public string Location { get; private set; } = "";
        public IReadOnlyDictionary<string, string> Config { get; private set; } = new Dictionary<string, string>();
        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Devices { get; private set; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        public IReadOnlyList<string> Profiles { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<string> Snapshots { get; private set; } = Array.Empty<string>();

        public bool IsRunning => string.Equals(Status, "Running", StringComparison.OrdinalIgnoreCase);

        /// <summary>Null when the instance does not exist.</summary>
        public static async Task<InstanceRecord?> ReadAsync(IncusClient incus, string name, CancellationToken ct)
        {
            JsonElement instance;
            try { instance = await incus.GetAsync(Path(name), ct).ConfigureAwait(false); }
            catch (IncusException e) when (e.IsNotFound) { return null; }
            var snapshots = await incus.GetAsync(Path(name) + "/snapshots?recursion=1", ct).ConfigureAwait(false);
            return new InstanceRecord
            {
                Name = HostInfo.Str(instance, "name") ?? name,
                Status = HostInfo.Str(instance, "status") ?? "",
                Location = HostInfo.Str(instance, "location") ?? "",
                Config = Strings(instance, "config").Where(kv => !kv.Key.StartsWith("volatile.", StringComparison.Ordinal))
                    .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                Devices = instance.TryGetProperty("devices", out var devices) && devices.ValueKind == JsonValueKind.Object
                    ? devices.EnumerateObject().ToDictionary(d => d.Name, d => (IReadOnlyDictionary<string, string>)Strings(d.Value), StringComparer.Ordinal)
                    : new Dictionary<string, IReadOnlyDictionary<string, string>>(),
                Profiles = instance.TryGetProperty("profiles", out var p) && p.ValueKind == JsonValueKind.Array
                    ? p.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : new List<string>(),
                Snapshots = snapshots.ValueKind == JsonValueKind.Array
                    ? snapshots.EnumerateArray().Select(s => HostInfo.Str(s, "name") ?? "").OrderBy(s => s, StringComparer.Ordinal).ToList()
                    : new List<string>(),
            };
        }

        /// <summary>Throws when the box was to land on a cluster member and is elsewhere.</summary>
        internal void EnsureOn(string? member, string backend)
        {
            if (member != null && !string.Equals(Location, member, StringComparison.OrdinalIgnoreCase))
                throw new MigrationException(MigrationFailure.VerificationFailed, $"Box '{Name}' landed on member '{Location}' of '{backend}', not on '{member}'.");
        }

        /// <summary>
        /// Every difference from <paramref name="expected"/>, one readable line each; empty when they match. The root disk may
        /// name <paramref name="destinationPool"/> instead of the source's pool: the import put it there on purpose.
        /// </summary>
        public IReadOnlyList<string> DifferencesFrom(InstanceRecord expected, string? destinationPool = null)
        {
            var problems = new List<string>();
            foreach (var key in expected.Config.Keys.Union(Config.Keys).OrderBy(k => k, StringComparer.Ordinal))
            {
                expected.Config.TryGetValue(key, out var want);
                Config.TryGetValue(key, out var got);
                if (want != got) problems.Add($"config {key}: expected '{want ?? "(unset)"}', found '{got ?? "(unset)"}'");
            }
            foreach (var name in expected.Devices.Keys.Union(Devices.Keys).OrderBy(k => k, StringComparer.Ordinal))
            {
                expected.Devices.TryGetValue(name, out var want);
                Devices.TryGetValue(name, out var got);
                if (!SameDevice(want, got, destinationPool)) problems.Add($"device {name} differs");
            }
            if (!expected.Profiles.SequenceEqual(Profiles)) problems.Add($"profiles: expected [{string.Join(",", expected.Profiles)}], found [{string.Join(",", Profiles)}]");
            if (!expected.Snapshots.SequenceEqual(Snapshots)) problems.Add($"snapshots: expected [{string.Join(",", expected.Snapshots)}], found [{string.Join(",", Snapshots)}]");
            return problems;
        }

        private static bool SameDevice(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b, string? destinationPool)
        {
            if (a == null || b == null || a.Count != b.Count) return false;
            var rootDisk = a.TryGetValue("type", out var type) && type == "disk" && a.TryGetValue("path", out var path) && path == "/";
            return a.All(kv => b.TryGetValue(kv.Key, out var v) && (v == kv.Value || (rootDisk && kv.Key == "pool" && v == destinationPool)));
        }

        private static Dictionary<string, string> Strings(JsonElement parent, string property) =>
            parent.TryGetProperty(property, out var obj) ? Strings(obj) : new Dictionary<string, string>(StringComparer.Ordinal);

        private static Dictionary<string, string> Strings(JsonElement obj) =>
            obj.ValueKind == JsonValueKind.Object
                ? obj.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText(), StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);

        internal static string Path(string name) => "/1.0/instances/" + Uri.EscapeDataString(name);
    }
}
