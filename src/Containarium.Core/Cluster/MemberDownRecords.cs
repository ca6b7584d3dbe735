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

        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        /// <summary>Instance name → its config keys (only the keys a box listing needs).</summary>
        public static async Task<IReadOnlyDictionary<string, Dictionary<string, string>>> ReadAsync(ICommandTransport transport, CancellationToken ct)
        {
            var command = RemoteCommand.FromArguments("incus", "admin", "sql", "global", "--format", "json", Query);
            command.Timeout = Timeout;
            var result = await transport.RunAsync(command, ct).ConfigureAwait(false);
            var configs = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            if (!result.Succeeded) return configs;
            using var doc = JsonDocument.Parse(result.StandardOutput);
            if (!doc.RootElement.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array) return configs;
            foreach (var row in rows.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Array && r.GetArrayLength() == 3))
            {
                var name = row[0].GetString() ?? "";
                if (!configs.TryGetValue(name, out var config)) configs[name] = config = new Dictionary<string, string>(StringComparer.Ordinal);
                config[row[1].GetString() ?? ""] = row[2].GetString() ?? "";
            }
            return configs;
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
