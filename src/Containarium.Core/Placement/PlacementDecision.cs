using System.Collections.Generic;
using System.Linq;

namespace Containarium.Core.Placement
{
    /// <summary>The planner's answer: the chosen backend, or none and why each backend was refused.</summary>
    public sealed class PlacementDecision
    {
        public PlacementDecision(string? backend, double score, IReadOnlyList<BackendRejection> rejections, string boxName, string? member = null)
        {
            Member = member;
            Backend = backend;
            Score = score;
            Rejections = rejections;
            BoxName = boxName;
        }

        public string? Backend { get; }
        /// <summary>The member of a cluster backend the box goes to (same score, among its online members); null otherwise.</summary>
        public string? Member { get; }
        /// <summary>Free share of the scarcest resource on the chosen backend after placing (see <see cref="CapacityCheck"/>).</summary>
        public double Score { get; }
        /// <summary>Every backend that could not take the box (also filled on success, for -Verbose output).</summary>
        public IReadOnlyList<BackendRejection> Rejections { get; }
        public string BoxName { get; }
        public bool Succeeded => Backend != null;

        /// <summary>One message for the admin, naming each backend and its reason.</summary>
        public string FailureMessage =>
            Rejections.Count == 0
                ? $"No backend can take box '{BoxName}': the inventory is empty."
                : $"No backend can take box '{BoxName}': " + string.Join(" ", Rejections.Select(r => r.Backend + ": " + r.Message));
    }
}
