using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.Core.Incus
{
    /// <summary>
    /// Which instances Incus should bring back after its host boots: <c>boot.autostart=true</c>, or no
    /// <c>boot.autostart</c> and <c>volatile.last_state.power=RUNNING</c> (Incus then restores the last state).
    /// </summary>
    public static class Autostart
    {
        /// <summary>Names of instances that should run after a boot but do not (yet).</summary>
        public static async Task<IReadOnlyList<string>> PendingAsync(IncusClient client, CancellationToken ct)
        {
            var list = await client.GetAsync("/1.0/instances?recursion=1", ct).ConfigureAwait(false);
            var pending = new List<string>();
            if (list.ValueKind != JsonValueKind.Array) return pending;
            foreach (var i in list.EnumerateArray())
            {
                var name = i.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                var status = i.TryGetProperty("status", out var s) ? s.GetString() : null;
                string? autostart = null, lastPower = null;
                if (i.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object)
                {
                    if (config.TryGetProperty("boot.autostart", out var a)) autostart = a.GetString();
                    if (config.TryGetProperty("volatile.last_state.power", out var p)) lastPower = p.GetString();
                }
                if (ShouldRun(autostart, lastPower) && !string.Equals(status, "Running", StringComparison.OrdinalIgnoreCase))
                    pending.Add(name);
            }
            return pending;
        }

        public static bool ShouldRun(string? autostart, string? lastPower)
        {
            if (!string.IsNullOrEmpty(autostart))
                return string.Equals(autostart, "true", StringComparison.OrdinalIgnoreCase) || autostart == "1";
            return string.Equals(lastPower, "RUNNING", StringComparison.OrdinalIgnoreCase);
        }
    }
}
