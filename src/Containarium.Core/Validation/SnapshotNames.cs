using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Containarium.Core.Validation
{
    /// <summary>
    /// Snapshot names. Incus refuses '/', whitespace and the URL-unsafe '?', '&amp;', '+' (validate.IsURLSegmentSafe and
    /// instance.ValidName(isSnapshot)); Containarium accepts the portable subset of that: 1-63 letters, digits and
    /// '.', '_', '-', ':', '@', starting with a letter or digit. Why stricter: the names go into API paths and shell
    /// arguments, and wildcard characters would make -SnapshotName patterns ambiguous.
    /// </summary>
    public static class SnapshotNames
    {
        private static readonly Regex Rule = new Regex("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,62}\\z", RegexOptions.CultureInvariant);

        public static bool IsValid(string? name) => name != null && Rule.IsMatch(name);

        /// <summary>Null when valid, else the reason.</summary>
        public static string? Check(string? name) => IsValid(name) ? null :
            $"Snapshot name {ValueDisplay.Show(name)} is invalid: use 1-63 letters, digits, '.', '_', '-', ':' or '@', " +
            "starting with a letter or digit (no spaces, '/', '?', '&', '+' or wildcards).";

        /// <summary>The default name: ctr-yyyyMMdd-HHmmss in UTC, sortable and valid by the rule above.</summary>
        public static string Timestamped(DateTimeOffset now) =>
            "ctr-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
    }
}
