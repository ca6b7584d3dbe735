using System;
using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Incus;

namespace Containarium.Core.Cluster
{
    /// <summary>One instance leaving an evacuated member, and the member Incus is expected to move it to.</summary>
    public sealed class EvacuationMove
    {
        public EvacuationMove(string instance, string? owner, string expectedTarget)
        {
            Instance = instance;
            Owner = owner;
            ExpectedTarget = expectedTarget;
        }

        public string Instance { get; }
        /// <summary>The box's user; null for an instance Containarium does not manage.</summary>
        public string? Owner { get; }
        public string ExpectedTarget { get; }
    }

    /// <summary>
    /// What an evacuation will do, for -WhatIf and progress: every instance on the member and where Incus's default scheduler
    /// sends it (the online, not evacuated member with the fewest instances; ties by name), each move counted before the
    /// next as Incus does. Incus decides the real target; the cmdlet reports where each box landed afterwards.
    /// </summary>
    public static class EvacuationPlan
    {
        public static IReadOnlyList<EvacuationMove> For(string member, IReadOnlyList<ClusterMember> members, IEnumerable<(string Name, string? Location, string? Owner)> instances)
        {
            var all = instances.ToList();
            var counts = members.Where(m => m.IsOnline && !string.Equals(m.Name, member, StringComparison.OrdinalIgnoreCase))
                .ToDictionary(m => m.Name, m => all.Count(i => string.Equals(i.Location, m.Name, StringComparison.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);
            var moves = new List<EvacuationMove>();
            if (counts.Count == 0) return moves;
            foreach (var i in all.Where(i => string.Equals(i.Location, member, StringComparison.OrdinalIgnoreCase)).OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                var target = counts.OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.OrdinalIgnoreCase).First().Key;
                counts[target]++;
                moves.Add(new EvacuationMove(i.Name, i.Owner, target));
            }
            return moves;
        }
    }
}
