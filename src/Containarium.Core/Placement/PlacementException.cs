using System;
using System.Collections.Generic;

namespace Containarium.Core.Placement
{
    /// <summary>No backend can take a box; <see cref="Rejections"/> says why for each (the cmdlet shows them per row).</summary>
    public sealed class PlacementException : InvalidOperationException
    {
        public PlacementException(PlacementDecision decision) : base(decision.FailureMessage)
        {
            BoxName = decision.BoxName;
            Rejections = decision.Rejections;
        }

        public string BoxName { get; }
        public IReadOnlyList<BackendRejection> Rejections { get; }
    }
}
