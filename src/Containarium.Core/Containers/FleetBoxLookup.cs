using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;

namespace Containarium.Core.Containers
{
    /// <summary>
    /// Finds boxes by name for the box cmdlets: on the given backend, or fleet-wide when none is given. Each backend is
    /// listed at most once per lookup object (one cheap call), all backends in parallel the first time a name needs them.
    /// </summary>
    public sealed class FleetBoxLookup
    {
        private readonly Dictionary<string, BackendDefinition> _backends;
        private readonly BackendConnector _connector;
        private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<BoxInfo>>>> _listings =
            new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<BoxInfo>>>>(StringComparer.OrdinalIgnoreCase);

        public FleetBoxLookup(IReadOnlyList<BackendDefinition> backends, BackendConnector connector)
        {
            _backends = backends.ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
            _connector = connector;
        }

        public BackendDefinition Backend(string name) =>
            _backends.TryGetValue(name, out var b) ? b : throw new BackendNotFoundException(name);

        /// <summary>The box and its backend; throws BackendNotFound, BoxNotFound, BoxAmbiguous or the backend's read failure.</summary>
        public async Task<(BoxInfo Box, BackendDefinition Backend)> FindAsync(string name, string? backend, CancellationToken ct)
        {
            if (!string.IsNullOrEmpty(backend))
            {
                var definition = Backend(backend!);
                var boxes = await List(definition, ct).ConfigureAwait(false);
                var box = boxes.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase))
                          ?? throw new BoxNotFoundException(name, definition.Name);
                return (box, definition);
            }

            var reads = _backends.Values.Select(b => (Backend: b, Read: List(b, ct))).ToList();
            var hits = new List<(BoxInfo, BackendDefinition)>();
            var unread = new List<string>();
            foreach (var (definition, read) in reads)
            {
                try
                {
                    var found = (await read.ConfigureAwait(false)).FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase));
                    if (found != null) hits.Add((found, definition));
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    unread.Add(definition.Name + ": " + e.Message);
                }
            }
            return Single(name, hits, unread);
        }

        /// <summary>
        /// The one hit of a fleet-wide lookup by name; several are BoxAmbiguous (names the backends), none is BoxNotFound naming
        /// the backends that could not be read (the box may well be on one of them).
        /// </summary>
        public static (BoxInfo Box, T Backend) Single<T>(string name, IReadOnlyList<(BoxInfo Box, T Backend)> hits, IReadOnlyCollection<string> unread)
        {
            if (hits.Count > 1) throw new BoxAmbiguousException(name, hits.Select(h => h.Box.Backend));
            if (hits.Count == 1) return hits[0];
            throw new BoxNotFoundException(name, unread);
        }

        /// <summary>
        /// The restored box that replaces <paramref name="box"/> (it is a stale copy), read from every backend that answers;
        /// null when there is none.
        /// </summary>
        public async Task<(BoxInfo Box, BackendDefinition Backend)?> ReplacementOfAsync(BoxInfo box, CancellationToken ct)
        {
            var fleet = new List<BoxInfo>();
            foreach (var read in _backends.Values.Select(b => List(b, ct)).ToList())
            {
                try { fleet.AddRange(await read.ConfigureAwait(false)); }
                catch (Exception e) when (!(e is OperationCanceledException)) { /* an unreachable backend holds no answer */ }
            }
            var replacement = StaleCopies.ReplacementOf(box, fleet);
            return replacement == null ? ((BoxInfo, BackendDefinition)?)null : (replacement, _backends[replacement.Backend]);
        }

        private Task<IReadOnlyList<BoxInfo>> List(BackendDefinition backend, CancellationToken ct) =>
            _listings.GetOrAdd(backend.Name, _ => new Lazy<Task<IReadOnlyList<BoxInfo>>>(
                () => Task.Run(() => new BoxService(backend, _connector).ListAsync(ct)))).Value;
    }
}
