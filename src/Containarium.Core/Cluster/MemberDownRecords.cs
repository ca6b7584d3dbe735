using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Transport;

namespace Containarium.Core.Cluster
{
    /// <summary>
    /// The config keys of instances whose member is down. Incus's API then lists such an instance with status Error and a
    /// null config (loading it would need the dead member), but its config is in the cluster's global database, which any
    /// live member reads locally (`incus admin sql global`, a fixed query: nothing from input is put in it).
    /// </summary>
    public static class MemberDownRecords
    {
        private const string Query =
            "SELECT instances.name, instances_config.key, instances_config.value FROM instances " +
            "JOIN instances_config ON instances_config.instance_id = instances.id " +
            "WHERE instances_config.key LIKE 'user.containarium.%' OR instances_config.key IN " +
            "('limits.cpu', 'limits.memory', 'image.description', 'volatile.base_image', 'security.nesting')";

        private const string LocationQuery =
            "SELECT instances.name, nodes.name FROM instances JOIN nodes ON nodes.id = instances.node_id";

        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        /// <summary>How long a cluster's instance list may take before the listing falls back to the database.</summary>
        public static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(6);

        /// <summary>Every instance as /1.0/instances?recursion=1 would list it, from the database: state "Unknown".</summary>
        public static async Task<JsonElement> InstancesAsync(ICommandTransport transport, CancellationToken ct)
        {
            var configs = await ReadAsync(transport, ct).ConfigureAwait(false);
            var rows = await QueryAsync(transport, LocationQuery, ct).ConfigureAwait(false);
            var list = rows.Where(r => r.Length == 2).Select(r => new Dictionary<string, object?>
            {
                ["name"] = r[0],
                ["status"] = "Unknown",
                ["location"] = r[1],
                ["config"] = configs.TryGetValue(r[0], out var c) ? c : new Dictionary<string, string>(),
            }).ToList();
            return JsonSerializer.SerializeToElement(list);
        }

        /// <summary>Instance name → its config keys (only the keys a box listing needs).</summary>
        public static async Task<IReadOnlyDictionary<string, Dictionary<string, string>>> ReadAsync(ICommandTransport transport, CancellationToken ct)
        {
            var configs = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            foreach (var row in (await QueryAsync(transport, Query, ct).ConfigureAwait(false)).Where(r => r.Length == 3))
            {
                if (!configs.TryGetValue(row[0], out var config)) configs[row[0]] = config = new Dictionary<string, string>(StringComparer.Ordinal);
                config[row[1]] = row[2];
            }
            return configs;
        }

        /// <summary>Rows of a fixed query as text columns; none when the database cannot be read.</summary>
        private static async Task<IReadOnlyList<string[]>> QueryAsync(ICommandTransport transport, string query, CancellationToken ct)
        {
            var command = RemoteCommand.FromArguments("incus", "admin", "sql", "global", "--format", "json", query);
            command.Timeout = Timeout;
            var result = await transport.RunAsync(command, ct).ConfigureAwait(false);
            if (!result.Succeeded) return Array.Empty<string[]>();
            using var doc = JsonDocument.Parse(result.StandardOutput);
            if (!doc.RootElement.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array) return Array.Empty<string[]>();
            return rows.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Array)
                .Select(r => r.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString() ?? "" : c.ToString()).ToArray()).ToList();
        }

        /// <summary>The instance object with another status (the rest as it was).</summary>
        public static JsonElement WithStatus(JsonElement instance, string status)
        {
            var fields = instance.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.Ordinal);
            fields["status"] = status;
            return JsonSerializer.SerializeToElement(fields);
        }

        /// <summary>The instance object with its config filled in from <paramref name="configs"/>, as /1.0/instances would give it.</summary>
        public static JsonElement WithConfig(JsonElement instance, IReadOnlyDictionary<string, Dictionary<string, string>> configs)
        {
            var name = instance.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
            if (!configs.TryGetValue(name, out var config)) return instance;
            var filled = new Dictionary<string, object?>
            {
                ["name"] = name,
                ["status"] = instance.TryGetProperty("status", out var s) ? s.GetString() : null,
                ["location"] = instance.TryGetProperty("location", out var l) ? l.GetString() : null,
                ["config"] = config,
            };
            return JsonSerializer.SerializeToElement(filled);
        }
    }
}
