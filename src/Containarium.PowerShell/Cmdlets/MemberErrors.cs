using System.Linq;
using System.Management.Automation;
using Containarium.Core.Placement;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Stable ErrorIds for placements that failed on an explicit cluster member (documented in about_Containarium).</summary>
    internal static class MemberErrors
    {
        public static (string, ErrorCategory) ForPlacement(PlacementDecision decision)
        {
            var reasons = decision.Rejections.Select(r => r.Reason).ToList();
            if (reasons.Contains(RejectionReason.UnknownMember)) return ("CtrMemberNotFound", ErrorCategory.ObjectNotFound);
            if (reasons.Contains(RejectionReason.MemberUnavailable)) return ("CtrMemberUnavailable", ErrorCategory.ResourceUnavailable);
            return ("CtrPlacementFailed", ErrorCategory.ResourceUnavailable);
        }
    }
}
