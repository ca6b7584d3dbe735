using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Transport;

namespace Containarium.Core.Incus
{
    /// <summary>Reads an Incus cluster's members and, per online member, its CPU, memory and storage pool figures.</summary>
    public static class ClusterReader
    {
        /// <summary>Bound on reading one member's own figures.</summary>
        public static readonly TimeSpan MemberReadTimeout = TimeSpan.FromSeconds(4);

        public static async Task<IReadOnlyList<ClusterMember>> ReadMembersAsync(IncusClient incus, string? pool, CancellationToken ct)
        {
            var membersTask = incus.GetAsync("/1.0/cluster/members?recursion=1", ct);
            var instancesTask = incus.GetAsync("/1.0/instances?recursion=1", ct);
            await Task.WhenAll(membersTask, instancesTask).ConfigureAwait(false);
            var perMember = instancesTask.Result.ValueKind == JsonValueKind.Array
                ? instancesTask.Result.EnumerateArray().GroupBy(i => HostInfo.Str(i, "location") ?? "").ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, int>();
            var members = membersTask.Result.EnumerateArray().Select(m => Parse(m, perMember)).OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList();
            // A member that just died still reads Online for ~10 s and its figures hang: a short bound keeps listings fast.
            var quick = new IncusClient(incus.Transport) { RequestTimeout = MemberReadTimeout };
            await Task.WhenAll(members.Where(m => m.IsOnline || IsEvacuated(m)).Select(m => AddResourcesAsync(quick, m, pool, ct))).ConfigureAwait(false);
            return members;
        }

        public static bool IsEvacuated(ClusterMember m) => string.Equals(m.Status, "Evacuated", StringComparison.OrdinalIgnoreCase);

        private static ClusterMember Parse(JsonElement m, IReadOnlyDictionary<string, int> perMember)
        {
            var name = HostInfo.Str(m, "server_name") ?? "";
            return new ClusterMember
            {
                Name = name,
                Status = HostInfo.Str(m, "status") ?? "Unknown",
                Roles = m.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array
                    ? r.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList() : (IReadOnlyList<string>)Array.Empty<string>(),
                FailureDomain = HostInfo.Str(m, "failure_domain"),
                Architecture = HostInfo.Str(m, "architecture"),
                Url = HostInfo.Str(m, "url"),
                Message = HostInfo.Str(m, "message"),
                Containers = perMember.TryGetValue(name, out var n) ? n : 0,
            };
        }

        // A member that stops answering costs its figures, not the listing: the figures stay 0 (placement then skips it).
        private static async Task AddResourcesAsync(IncusClient incus, ClusterMember m, string? pool, CancellationToken ct)
        {
            var target = "target=" + Uri.EscapeDataString(m.Name);
            try
            {
                var resources = incus.GetAsync("/1.0/resources?" + target, ct);
                var usage = pool == null ? null : incus.GetAsync("/1.0/storage-pools/" + Uri.EscapeDataString(pool) + "/resources?" + target, ct);
                var res = await resources.ConfigureAwait(false);
                if (res.TryGetProperty("cpu", out var cpu)) m.CpuThreads = (int)HostInfo.Num(cpu, "total");
                if (res.TryGetProperty("memory", out var mem))
                {
                    m.MemoryTotal = HostInfo.Num(mem, "total");
                    m.MemoryUsed = HostInfo.Num(mem, "used");
                }
                if (usage != null && (await usage.ConfigureAwait(false)).TryGetProperty("space", out var space))
                {
                    m.DiskTotal = HostInfo.Num(space, "total");
                    m.DiskUsed = HostInfo.Num(space, "used");
                }
            }
            catch (Exception e) when (e is IncusException || e is TransportException)
            {
                m.Message = string.IsNullOrEmpty(m.Message) ? "figures not available: " + e.Message : m.Message;
            }
        }
    }
}
