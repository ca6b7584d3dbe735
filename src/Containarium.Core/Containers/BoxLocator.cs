using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;

namespace Containarium.Core.Containers
{
    /// <summary>Finds which backend holds a box when the caller gave only its name (box names are unique in the fleet).</summary>
    public static class BoxLocator
    {
        /// <summary>Asks every backend at once; a backend that cannot be read is named in the not-found message.</summary>
        public static async Task<BackendDefinition> LocateAsync(IReadOnlyList<BackendDefinition> backends, BackendConnector connector, string box, CancellationToken ct)
        {
            var lookups = backends.Select(b => (Backend: b, Find: new BoxService(b, connector).FindAsync(box, ct))).ToList();
            var unreadable = new List<string>();
            BackendDefinition? holder = null;
            foreach (var (backend, find) in lookups)
            {
                try
                {
                    if (await find.ConfigureAwait(false) != null) holder ??= backend;
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    unreadable.Add($"{backend.Name} ({e.Message})");
                }
            }
            if (holder != null) return holder;
            var where = backends.Count == 0 ? "(no backend is registered)" : string.Join(", ", backends.Select(b => b.Name));
            if (unreadable.Count > 0) where += "; could not read " + string.Join("; ", unreadable);
            throw new BoxNotFoundException(box, where);
        }
    }
}
