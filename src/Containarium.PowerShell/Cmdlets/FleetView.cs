using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Placement;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>The fleet read once per cmdlet call: registered backends, their placement snapshots and every box by name.</summary>
    internal sealed class FleetView
    {
        private FleetView(IReadOnlyList<BackendDefinition> backends, FleetSnapshot snapshot)
        {
            Backends = backends.ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
            Snapshot = snapshot;
            Boxes = snapshot.Boxes.GroupBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        }

        public IReadOnlyDictionary<string, BackendDefinition> Backends { get; }
        public FleetSnapshot Snapshot { get; }
        public IReadOnlyDictionary<string, BoxInfo> Boxes { get; }

        public static async Task<FleetView> ReadAsync(EngineSession engine, CancellationToken ct)
        {
            var all = engine.Inventory.List();
            return new FleetView(all, await SnapshotReader.ReadAsync(all, engine.Connector, ct).ConfigureAwait(false));
        }

        public PlacementSession NewPlacement(PlacementStrategy strategy) => new PlacementSession(Snapshot.Backends, new PlacementSettings(strategy));

        /// <summary>The box of that name, on <paramref name="backend"/> when given. Throws a clear error when unknown.</summary>
        public BoxInfo FindBox(string name, string? backend)
        {
            if (!string.IsNullOrEmpty(backend) && !Backends.ContainsKey(backend!)) throw new BackendNotFoundException(backend!);
            if (Boxes.TryGetValue(name, out var box) && (string.IsNullOrEmpty(backend) || string.Equals(box.Backend, backend, StringComparison.OrdinalIgnoreCase)))
                return box;
            if (!string.IsNullOrEmpty(backend)) throw new BoxNotFoundException(name, backend!);
            // Say which backends could not be read: the box may well be on one of them.
            var unread = Snapshot.Backends.Where(b => !b.Reachable).Select(b => b.Name).ToList();
            throw new BoxNotFoundException(name, unread);
        }

        /// <summary>What placement must reserve for the box (its limits; the module's defaults where it has none).</summary>
        public static PlacementRequest RequestFor(string name, string? cpu, string? memory, string? disk, string? team, string? backend, IEnumerable<string> excluded)
        {
            var cpus = int.TryParse(cpu, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) && c > 0 ? c : Core.Onboarding.BoxDefaults.DefaultCpu;
            var mem = Core.Validation.SizeParser.TryParseMemory(memory, out var m, out _) ? m.Bytes : Core.Onboarding.BoxDefaults.DefaultMemoryBytes;
            var dsk = Core.Validation.SizeParser.TryParseDisk(disk, out var d, out _) ? d.Bytes : Core.Onboarding.BoxDefaults.DefaultDiskBytes;
            return new PlacementRequest(name, cpus, mem, dsk, team, backend, excluded);
        }
    }
}
