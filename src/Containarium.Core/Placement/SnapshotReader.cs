using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Incus;
using Containarium.Core.Validation;
using static Containarium.Core.Placement.BoxClaims;

namespace Containarium.Core.Placement
{
    /// <summary>The fleet as placement sees it: capacity per backend and every existing box (for fleet-wide idempotence).</summary>
    public sealed class FleetSnapshot
    {
        public FleetSnapshot(IReadOnlyList<BackendSnapshot> backends, IReadOnlyList<BoxInfo> boxes)
        {
            Backends = backends;
            Boxes = boxes;
        }

        public IReadOnlyList<BackendSnapshot> Backends { get; }
        public IReadOnlyList<BoxInfo> Boxes { get; }
    }

    /// <summary>Sums of the boxes' limits and their team counts: what existing boxes claim.</summary>
    internal static class BoxClaims
    {
        public static (double Cpu, long Memory) Committed(IEnumerable<BoxInfo> boxes)
        {
            double cpu = 0;
            long memory = 0;
            foreach (var box in boxes)
            {
                if (double.TryParse(box.Cpu, NumberStyles.Float, CultureInfo.InvariantCulture, out var c)) cpu += c;
                if (box.Memory != null && SizeParser.TryParseMemory(box.Memory, out var m, out _)) memory += m.Bytes;
            }
            return (cpu, memory);
        }

        public static Dictionary<string, int> Teams(IEnumerable<BoxInfo> boxes) =>
            boxes.Where(b => b.Team != null).GroupBy(b => b.Team!, StringComparer.OrdinalIgnoreCase)
                 .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Reads every backend's capacity and committed boxes (in parallel) into placement snapshots.</summary>
    public static class SnapshotReader
    {
        public static async Task<FleetSnapshot> ReadAsync(IEnumerable<BackendDefinition> backends, BackendConnector connector, CancellationToken ct)
        {
            var reads = backends.Select(b => Task.Run(() => ReadOneAsync(b, connector, ct), ct)).ToList();
            var results = await Task.WhenAll(reads).ConfigureAwait(false);
            return new FleetSnapshot(results.Select(r => r.Item1).ToList(), results.SelectMany(r => r.Item2).ToList());
        }

        private static async Task<(BackendSnapshot, IReadOnlyList<BoxInfo>)> ReadOneAsync(BackendDefinition backend, BackendConnector connector, CancellationToken ct)
        {
            try
            {
                var incus = connector.Incus(backend);
                var hostTask = HostInfo.ReadAsync(incus, ct, incus.Transport.Description);
                var boxesTask = new BoxService(backend, connector).ListAsync(ct);
                await Task.WhenAll(hostTask, boxesTask).ConfigureAwait(false);
                var host = hostTask.Result;
                var boxes = boxesTask.Result;
                if (host.Clustered)
                {
                    var members = await ClusterReader.ReadMembersAsync(incus, host.StoragePool, ct).ConfigureAwait(false);
                    return (ClusterSnapshot.Build(backend, members, boxes), boxes);
                }
                var (cpu, memory) = Committed(boxes);
                return (new BackendSnapshot(backend.Name, true, backend.Cordoned, backend.MaxContainers, host.Containers,
                    host.CpuThreads, cpu, host.MemoryTotal, memory, host.DiskTotal, host.DiskUsed, Teams(boxes)), boxes);
            }
            catch (Exception e) when (e is Transport.TransportException || e is IncusException)
            {
                return (new BackendSnapshot(backend.Name, reachable: false, cordoned: backend.Cordoned, maxContainers: backend.MaxContainers), Array.Empty<BoxInfo>());
            }
        }
    }
}
