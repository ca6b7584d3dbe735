using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace Containarium.Core.Containers
{
    /// <summary>
    /// Picks the host-loopback port of a new box's sshd proxy. Ports in use are read from the backend's boxes;
    /// ports handed out but not yet visible there (creations in flight in this process) are reserved here.
    /// </summary>
    public static class SshPortAllocator
    {
        public const int FirstPort = 22000;
        public const int LastPort = 31999;

        /// <summary>
        /// Where cluster boxes start. A cluster box may move to another member (evacuation): its port is free on the old
        /// member for as long as the move takes, and must still be free on the new one. One-host backends fill the range
        /// from the bottom, clusters from here, so where a cluster's members also serve as, or share an address space with,
        /// one-host backends (the lab's single machine) a new box elsewhere does not take the port of a box in transit.
        /// </summary>
        public const int ClusterFirstPort = 27000;
        private static readonly ConcurrentDictionary<string, HashSet<int>> InFlight = new ConcurrentDictionary<string, HashSet<int>>(StringComparer.OrdinalIgnoreCase);

        public static int Reserve(string backend, IEnumerable<int> used, int first = FirstPort)
        {
            var taken = new HashSet<int>(used);
            var reserved = InFlight.GetOrAdd(backend, _ => new HashSet<int>());
            lock (reserved)
            {
                for (var port = first; port <= LastPort; port++)
                {
                    if (taken.Contains(port) || reserved.Contains(port)) continue;
                    reserved.Add(port);
                    return port;
                }
            }
            throw new InvalidOperationException($"Backend '{backend}' has no free box SSH port left in {first}-{LastPort}.");
        }

        public static void Release(string backend, int port)
        {
            if (!InFlight.TryGetValue(backend, out var reserved)) return;
            lock (reserved) reserved.Remove(port);
        }
    }
}
