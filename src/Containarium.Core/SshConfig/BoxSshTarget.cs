using System;
using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Model;
using Containarium.Core.Validation;

namespace Containarium.Core.SshConfig
{
    /// <summary>
    /// A box as a user reaches it: its address as seen from the last hop (e.g. 127.0.0.1:port of an Incus proxy device on the
    /// backend, or the box IP on the backend's bridge) and the hops to get there, outermost first.
    /// Single hop: [backend]. Double hop (central jump + private backend): [jump, backend]. No hops: direct.
    /// </summary>
    public sealed class BoxSshTarget
    {
        public BoxSshTarget(string boxName, SshEndpoint box, IEnumerable<SshHop>? hops = null)
        {
            NameRules.EnsureInstanceName(boxName);
            Box = box ?? throw new ArgumentNullException(nameof(box));
            Hops = (hops ?? Enumerable.Empty<SshHop>()).ToList();
            var repeated = Hops.GroupBy(h => h.Alias, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (repeated != null) throw new ArgumentException($"Jump host alias '{repeated.Key}' appears twice in the chain for box '{boxName}'.");
            BoxName = boxName;
        }

        public string BoxName { get; }
        public SshEndpoint Box { get; }
        public IReadOnlyList<SshHop> Hops { get; }
    }
}
