using System;
using System.Collections.Generic;
using System.Linq;

namespace Containarium.Core.Containers
{
    /// <summary>
    /// Finds the old copies of boxes that were restored elsewhere from a backup (Import-CtrContainer -LatestBackup): a box is
    /// stale when another box of the same name and owner says it was restored from this box's location
    /// (user.containarium.restored-from), or when the module already marked it (user.containarium.superseded-by).
    /// </summary>
    public static class StaleCopies
    {
        /// <summary>Sets State = Stale and SupersededBy on every stale copy in <paramref name="boxes"/> (the whole fleet); returns them.</summary>
        public static IReadOnlyList<BoxInfo> Mark(IEnumerable<BoxInfo> boxes)
        {
            var all = boxes.ToList();
            var stale = new List<BoxInfo>();
            foreach (var box in all)
            {
                var restored = ReplacementOf(box, all);
                if (restored != null) box.SupersededBy = restored.Backend + "/" + restored.Name;
                if (box.SupersededBy == null) continue;
                if (box.State != BoxInfo.Unavailable) box.State = BoxInfo.Stale;
                stale.Add(box);
            }
            return stale;
        }

        /// <summary>The restored box that replaces <paramref name="box"/>, or null.</summary>
        public static BoxInfo? ReplacementOf(BoxInfo box, IEnumerable<BoxInfo> fleet) =>
            fleet.Where(r => !ReferenceEquals(r, box) && r.RestoredFrom != null &&
                             string.Equals(r.Name, box.Name, StringComparison.OrdinalIgnoreCase) &&
                             string.Equals(r.UserName, box.UserName, StringComparison.Ordinal) &&
                             string.Equals(r.RestoredFrom, box.Location, StringComparison.OrdinalIgnoreCase) &&
                             !string.Equals(r.Location, box.Location, StringComparison.OrdinalIgnoreCase))
                 .OrderByDescending(r => r.RestoredAt ?? DateTimeOffset.MinValue)
                 .FirstOrDefault();
    }
}
