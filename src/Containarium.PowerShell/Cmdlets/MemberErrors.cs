using System.Linq;
using System.Management.Automation;
using Containarium.Core.Placement;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>A row's -Member: its check, its -WhatIf wording, and the stable ErrorIds of placements that failed on it (documented in about_Containarium).</summary>
    internal static class MemberErrors
    {
        /// <summary>
        /// The -Member a row asks for (null with -AutoPlace or none given), or the error record when it is no host name;
        /// <paramref name="context"/> starts the message ("Row for 'alice': ", or "").
        /// </summary>
        public static string? Requested(string? member, bool autoPlace, string errorId, string context, object row, out ErrorRecord? error)
        {
            error = null;
            if (autoPlace || string.IsNullOrEmpty(member)) return null;
            if (Core.Validation.NameRules.CheckHostName(member) is string bad)
                error = new ErrorRecord(new System.ArgumentException($"{context}-Member '{member}': {bad}"), errorId, ErrorCategory.InvalidArgument, row);
            return member;
        }

        /// <summary>"c1 member m2", or just the backend when no member was chosen (for -WhatIf lines).</summary>
        public static string Landing(Reservation reservation) =>
            reservation.Backend + (reservation.Member == null ? "" : " member " + reservation.Member);

        public static (string, ErrorCategory) ForPlacement(PlacementDecision decision)
        {
            var reasons = decision.Rejections.Select(r => r.Reason).ToList();
            if (reasons.Contains(RejectionReason.UnknownMember)) return ("CtrMemberNotFound", ErrorCategory.ObjectNotFound);
            if (reasons.Contains(RejectionReason.MemberUnavailable)) return ("CtrMemberUnavailable", ErrorCategory.ResourceUnavailable);
            return ("CtrPlacementFailed", ErrorCategory.ResourceUnavailable);
        }
    }
}
