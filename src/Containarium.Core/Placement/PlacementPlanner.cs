using System;
using System.Collections.Generic;
using System.Linq;

namespace Containarium.Core.Placement
{
    /// <summary>
    /// Chooses a backend for one box from snapshots (pure: same inputs, same answer).
    /// <list type="bullet">
    /// <item>Never a backend that is excluded, unreachable, cordoned, without capacity data, at MaxContainers, or where any
    /// resource would pass capacity × overcommit (<see cref="CapacityCheck"/>).</item>
    /// <item>Spread: highest score (most free after placing). Pack: lowest score that still fits.
    /// Team: among fitting backends, the one holding most boxes of the request's team; when none holds any (or the request
    /// has no team), Spread. Equal team counts are settled by Spread.</item>
    /// <item>Ties (scores within 1e-9) go to the backend name first in ordinal, case-insensitive order: deterministic.</item>
    /// <item>An explicit backend skips scoring but not the checks; an unknown name is a rejection.</item>
    /// </list>
    /// </summary>
    public static class PlacementPlanner
    {
        private const double Tie = 1e-9;

        public static PlacementDecision Choose(IEnumerable<BackendSnapshot> backends, PlacementRequest request, PlacementSettings? settings = null)
        {
            var s = settings ?? PlacementSettings.Default;
            var all = backends.OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ToList();
            var rejections = new List<BackendRejection>();
            var fitting = new List<(BackendSnapshot Backend, double Score)>();
            var members = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            if (request.Backend != null)
            {
                var named = all.FirstOrDefault(b => string.Equals(b.Name, request.Backend, StringComparison.OrdinalIgnoreCase));
                if (named == null)
                {
                    rejections.Add(new BackendRejection(request.Backend, RejectionReason.UnknownBackend, "no such backend in the inventory."));
                    return new PlacementDecision(null, 0, rejections, request.BoxName);
                }
                all = new List<BackendSnapshot> { named };
            }

            foreach (var b in all)
            {
                // A member asked of a one-host backend is refused first: that is the admin's mistake, whatever the room.
                double score = 0;
                var rejection = (!b.IsCluster && request.Member != null ? ChooseMember(b, request, s, members) : null)
                                ?? CapacityCheck.Evaluate(b, request, s, out score) ?? ChooseMember(b, request, s, members);
                if (rejection != null) rejections.Add(rejection);
                else fitting.Add((b, score));
            }
            if (fitting.Count == 0) return new PlacementDecision(null, 0, rejections, request.BoxName);

            var chosen = request.Backend != null ? fitting[0] : Pick(fitting, request, s.Strategy);
            return new PlacementDecision(chosen.Backend.Name, chosen.Score, rejections, request.BoxName,
                members.TryGetValue(chosen.Backend.Name, out var member) ? member : null);
        }

        /// <summary>
        /// Inside a cluster backend, the member the same rules pick (an explicit one is only checked); its name goes in
        /// <paramref name="chosen"/>. Null when the backend is no cluster and no member was asked for, or a member fits.
        /// </summary>
        private static BackendRejection? ChooseMember(BackendSnapshot b, PlacementRequest request, PlacementSettings s, IDictionary<string, string> chosen)
        {
            if (!b.IsCluster)
                return request.Member == null ? null
                    : new BackendRejection(b.Name, RejectionReason.UnknownMember, $"is not an Incus cluster, so it has no member '{request.Member}'.");
            var inner = new PlacementRequest(request.BoxName, request.Cpu, request.MemoryBytes, request.DiskBytes, request.Team);
            var candidates = b.Members.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList();
            if (request.Member != null)
            {
                var named = candidates.FirstOrDefault(m => string.Equals(m.Name, request.Member, StringComparison.OrdinalIgnoreCase));
                if (named == null)
                    return new BackendRejection(b.Name, RejectionReason.UnknownMember,
                        $"has no cluster member '{request.Member}' (members: {string.Join(", ", candidates.Select(m => m.Name))}).");
                if (!named.Reachable || named.Cordoned)
                    return new BackendRejection(b.Name, RejectionReason.MemberUnavailable,
                        $"member '{named.Name}' is {Describe(named)} and takes no new boxes.");
                candidates = new List<BackendSnapshot> { named };
            }
            var fitting = new List<(BackendSnapshot Backend, double Score)>();
            var refused = new List<string>();
            foreach (var m in candidates)
            {
                var rejection = CapacityCheck.Evaluate(m, inner, s, out var score);
                if (rejection == null) fitting.Add((m, score));
                else refused.Add("member " + m.Name + ": " + (m.Reachable && m.Cordoned ? "evacuated." : !m.Reachable ? Describe(m) + "." : rejection.Message));
            }
            if (fitting.Count == 0)
                return new BackendRejection(b.Name, RejectionReason.NoMemberFits, "no member can take it: " + string.Join(" ", refused));
            if (request.Member == null && s.MemberByIncus) return null; // Incus's scheduler names the member when the box is made
            chosen[b.Name] = (request.Member != null ? fitting[0] : Pick(fitting, inner, s.Strategy)).Backend.Name;
            return null;
        }

        /// <summary>Why a member takes no boxes: "evacuated", "offline", or a status this module does not know, named as Incus gives it.</summary>
        private static string Describe(BackendSnapshot member)
        {
            if (member.Reachable) return "evacuated";
            if (member.Status == null || string.Equals(member.Status, "Offline", StringComparison.OrdinalIgnoreCase)) return "offline";
            return $"in state '{member.Status}' (not Online; Containarium places boxes only on online members)";
        }

        private static (BackendSnapshot Backend, double Score) Pick(List<(BackendSnapshot Backend, double Score)> fitting, PlacementRequest r, PlacementStrategy strategy)
        {
            switch (strategy)
            {
                case PlacementStrategy.Pack:
                    return Best(fitting, (a, b) => b.Score - a.Score);
                case PlacementStrategy.Team:
                    var most = r.Team == null ? 0 : fitting.Max(f => f.Backend.TeamCount(r.Team));
                    if (most > 0) fitting = fitting.Where(f => f.Backend.TeamCount(r.Team) == most).ToList();
                    return Best(fitting, (a, b) => a.Score - b.Score);
                default:
                    return Best(fitting, (a, b) => a.Score - b.Score);
            }
        }

        // fitting is in name order, so keeping the first of equal candidates breaks ties by name.
        private static (BackendSnapshot Backend, double Score) Best(List<(BackendSnapshot Backend, double Score)> fitting,
            Func<(BackendSnapshot Backend, double Score), (BackendSnapshot Backend, double Score), double> better)
        {
            var best = fitting[0];
            foreach (var f in fitting.Skip(1))
                if (better(f, best) > Tie) best = f;
            return best;
        }
    }
}
