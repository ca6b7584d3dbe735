using System;
using System.Linq;
using Containarium.Core.Containers;
using Containarium.Core.Migration;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// The name check of Import-CtrContainer. A restore may take a name that exists in the fleet in exactly one case: the
    /// only box of that name is the one piped in with -LatestBackup, it is Unavailable (its member or host is down) and the
    /// restore goes to another backend.
    /// </summary>
    internal static class LostCopies
    {
        public static string Location(CtrContainer box) => string.IsNullOrEmpty(box.Member) ? box.Backend : box.Backend + "/" + box.Member;

        /// <summary>The refusal, or null when the name may be used.</summary>
        public static MigrationException? NameTaken(FleetView fleet, string name, CtrContainer? lost, string? destination)
        {
            var same = fleet.Snapshot.Boxes.Where(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (same.Count == 0) return null;
            var existing = same.FirstOrDefault(b => !IsTheLostBox(b, lost)) ?? same[0];
            if (lost == null || same.Any(b => !IsTheLostBox(b, lost)))
                return new MigrationException(MigrationFailure.NameTaken,
                    $"Box '{name}' already exists on '{existing.Backend}' (user {existing.UserName}, {existing.State}); nothing was restored. Remove or move it first.");
            if (existing.State != BoxInfo.Unavailable)
                return new MigrationException(MigrationFailure.NameTaken,
                    $"Box '{name}' on {existing.Location} is {existing.State}, not Unavailable: -LatestBackup restores only boxes whose member or host is down; nothing was restored.");
            if (destination != null && string.Equals(destination, existing.Backend, StringComparison.OrdinalIgnoreCase))
                return new MigrationException(MigrationFailure.NameTaken,
                    $"Backend '{existing.Backend}' still holds '{name}' on its dead member {existing.Member ?? "(unknown)"}, so the name cannot be re-created there; restore onto another backend (-Backend) or use -AutoPlace; nothing was restored.");
            return null;
        }

        private static bool IsTheLostBox(BoxInfo box, CtrContainer? lost) =>
            lost != null && string.Equals(box.Backend, lost.Backend, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(box.Name, lost.Name, StringComparison.OrdinalIgnoreCase) && string.Equals(box.UserName, lost.UserName, StringComparison.Ordinal) &&
            string.Equals(box.Member ?? "", lost.Member ?? "", StringComparison.OrdinalIgnoreCase);
    }
}
