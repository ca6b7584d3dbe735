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
    /// <summary>The fleet read once per cmdlet call: registered backends, their placement snapshots and every box.</summary>
    internal sealed class FleetView
    {
        private readonly Preferences _preferences;

        private FleetView(IReadOnlyList<BackendDefinition> backends, FleetSnapshot snapshot, Preferences preferences)
        {
            _preferences = preferences;
            Backends = backends.ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
            Snapshot = snapshot;
        }

        public IReadOnlyDictionary<string, BackendDefinition> Backends { get; }
        public FleetSnapshot Snapshot { get; }

        public static async Task<FleetView> ReadAsync(EngineSession engine, CancellationToken ct)
        {
            var all = engine.Inventory.List();
            return new FleetView(all, await SnapshotReader.ReadAsync(all, engine.Connector, ct).ConfigureAwait(false), engine.Config.Preferences);
        }

        /// <summary>Placement over this snapshot with the config's overcommit factors (the same rules as New-CtrContainer).</summary>
        public PlacementSession NewPlacement(PlacementStrategy strategy) => new PlacementSession(Snapshot.Backends, Settings(strategy, _preferences));

        public static PlacementSettings Settings(PlacementStrategy strategy, Preferences prefs, bool memberByIncus = false) =>
            new PlacementSettings(strategy, prefs.CpuOvercommit, prefs.MemoryOvercommit, prefs.DiskOvercommit, memberByIncus);

        /// <summary>The box of that name, on <paramref name="backend"/> when given. Throws a clear error when unknown or ambiguous.</summary>
        public BoxInfo FindBox(string name, string? backend)
        {
            if (!string.IsNullOrEmpty(backend) && !Backends.ContainsKey(backend!)) throw new BackendNotFoundException(backend!);
            var hits = Snapshot.Boxes.Where(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase) &&
                                                 (string.IsNullOrEmpty(backend) || string.Equals(b.Backend, backend, StringComparison.OrdinalIgnoreCase)))
                .Select(b => (b, b.Backend)).ToList();
            if (hits.Count == 0 && !string.IsNullOrEmpty(backend)) throw new BoxNotFoundException(name, backend!);
            var unread = Snapshot.Backends.Where(b => !b.Reachable).Select(b => b.Name).ToList();
            return FleetBoxLookup.Single(name, hits, unread).Box;
        }

        /// <summary>What placement must reserve for the box (its limits; the module's defaults where it has none).</summary>
        public static PlacementRequest RequestFor(string name, string? cpu, string? memory, string? disk, string? team, string? backend, IEnumerable<string> excluded, string? member = null)
        {
            var cpus = int.TryParse(cpu, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) && c > 0 ? c : Core.Onboarding.BoxDefaults.DefaultCpu;
            var mem = Core.Validation.SizeParser.TryParseMemory(memory, out var m, out _) ? m.Bytes : Core.Onboarding.BoxDefaults.DefaultMemoryBytes;
            var dsk = Core.Validation.SizeParser.TryParseDisk(disk, out var d, out _) ? d.Bytes : Core.Onboarding.BoxDefaults.DefaultDiskBytes;
            return new PlacementRequest(name, cpus, mem, dsk, team, backend, excluded, member);
        }
    }
}
