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
        private static readonly ConcurrentDictionary<string, HashSet<int>> InFlight = new ConcurrentDictionary<string, HashSet<int>>(StringComparer.OrdinalIgnoreCase);

        public static int Reserve(string backend, IEnumerable<int> used)
        {
            var taken = new HashSet<int>(used);
            var reserved = InFlight.GetOrAdd(backend, _ => new HashSet<int>());
            lock (reserved)
            {
                for (var port = FirstPort; port <= LastPort; port++)
                {
                    if (taken.Contains(port) || reserved.Contains(port)) continue;
                    reserved.Add(port);
                    return port;
                }
            }
            throw new InvalidOperationException($"Backend '{backend}' has no free box SSH port left in {FirstPort}-{LastPort}.");
        }

        public static void Release(string backend, int port)
        {
            if (!InFlight.TryGetValue(backend, out var reserved)) return;
            lock (reserved) reserved.Remove(port);
        }
    }
}
