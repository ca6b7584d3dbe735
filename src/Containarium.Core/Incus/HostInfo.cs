using System;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.Core.Incus
{
    /// <summary>Live figures of one Incus host, read from its REST API.</summary>
    public sealed class HostInfo
    {
        public string ServerVersion { get; set; } = "";
        public bool Clustered { get; set; }
        public int Containers { get; set; }
        public int CpuThreads { get; set; }
        public long MemoryTotal { get; set; }
        public long MemoryUsed { get; set; }
        public string? StoragePool { get; set; }
        public string? StorageDriver { get; set; }
        public long DiskTotal { get; set; }
        public long DiskUsed { get; set; }
        public bool ProfileHasRootDisk { get; set; }

        // The default profile's pool per host, remembered for the session: with it the pool's figures are
        // asked for in the same round as the rest, which halves a listing's latency. The profile read in that
        // round still decides; a changed pool costs one more round.
        private static readonly ConcurrentDictionary<string, string> KnownPools = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Reads /1.0, /1.0/instances, /1.0/resources, the default profile and its pool, concurrently over one
        /// connection. <paramref name="hostKey"/> (the backend's name or address) lets a repeated read of the same
        /// host fetch everything in one round.</summary>
        public static async Task<HostInfo> ReadAsync(IncusClient client, CancellationToken ct, string? hostKey = null)
        {
            var serverTask = client.GetAsync("/1.0", ct);
            var instancesTask = client.GetAsync("/1.0/instances", ct);
            var resourcesTask = client.GetAsync("/1.0/resources", ct);
            var profileTask = client.GetAsync("/1.0/profiles/default", ct);
            string? guessedPool = null;
            Task<(JsonElement Pool, JsonElement Usage)>? guessedPoolTask = null;
            if (hostKey != null && KnownPools.TryGetValue(hostKey, out guessedPool))
                guessedPoolTask = ReadPoolAsync(client, guessedPool, ct);
            await Task.WhenAll(serverTask, instancesTask, resourcesTask, profileTask).ConfigureAwait(false);

            var info = new HostInfo();
            var server = serverTask.Result;
            if (server.TryGetProperty("environment", out var env))
            {
                info.ServerVersion = Str(env, "server_version") ?? "";
                info.Clustered = env.TryGetProperty("server_clustered", out var c) && c.ValueKind == JsonValueKind.True;
            }
            info.Containers = instancesTask.Result.ValueKind == JsonValueKind.Array ? instancesTask.Result.GetArrayLength() : 0;
            var res = resourcesTask.Result;
            if (res.TryGetProperty("cpu", out var cpu)) info.CpuThreads = (int)Num(cpu, "total");
            if (res.TryGetProperty("memory", out var mem))
            {
                info.MemoryTotal = Num(mem, "total");
                info.MemoryUsed = Num(mem, "used");
            }
            var profile = profileTask.Result;
            if (profile.TryGetProperty("devices", out var devices) && devices.ValueKind == JsonValueKind.Object)
            {
                foreach (var d in devices.EnumerateObject())
                {
                    if (Str(d.Value, "type") == "disk" && Str(d.Value, "path") == "/")
                    {
                        info.ProfileHasRootDisk = true;
                        info.StoragePool = Str(d.Value, "pool");
                    }
                }
            }
            if (string.IsNullOrEmpty(info.StoragePool))
            {
                if (hostKey != null) KnownPools.TryRemove(hostKey, out _);
                if (guessedPoolTask != null) await Ignore(guessedPoolTask).ConfigureAwait(false);
                return info;
            }
            (JsonElement Pool, JsonElement Usage) pool;
            if (guessedPoolTask != null && guessedPool == info.StoragePool)
            {
                // The early read is only a shortcut: when it failed, ask again in the ordinary way.
                try { pool = await guessedPoolTask.ConfigureAwait(false); }
                catch (Exception e) when (e is IncusException || e is Transport.TransportException)
                {
                    pool = await ReadPoolAsync(client, info.StoragePool!, ct).ConfigureAwait(false);
                }
            }
            else pool = await ReadPoolAsync(client, info.StoragePool!, ct).ConfigureAwait(false);
            if (guessedPoolTask != null && guessedPool != info.StoragePool) await Ignore(guessedPoolTask).ConfigureAwait(false);
            if (hostKey != null) KnownPools[hostKey] = info.StoragePool!;
            info.StorageDriver = Str(pool.Pool, "driver");
            if (pool.Usage.TryGetProperty("space", out var space))
            {
                info.DiskTotal = Num(space, "total");
                info.DiskUsed = Num(space, "used");
            }
            return info;
        }

        private static async Task<(JsonElement Pool, JsonElement Usage)> ReadPoolAsync(IncusClient client, string pool, CancellationToken ct)
        {
            var poolPath = "/1.0/storage-pools/" + Uri.EscapeDataString(pool);
            var poolTask = client.GetAsync(poolPath, ct);
            var usageTask = client.GetAsync(poolPath + "/resources", ct);
            await Task.WhenAll(poolTask, usageTask).ConfigureAwait(false);
            return (poolTask.Result, usageTask.Result);
        }

        // A guess that turned out stale (pool renamed or deleted) may have failed; its outcome no longer matters.
        private static async Task Ignore(Task task)
        {
            try { await task.ConfigureAwait(false); }
            catch (Exception) { }
        }

        internal static string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        internal static long Num(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : 0;
    }
}
