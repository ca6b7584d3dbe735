using System;
using System.Linq;

namespace Containarium.Core.Validation
{
    /// <summary>Yes/no cells as spreadsheets and admins write them: true/false, yes/no, y/n, 1/0, on/off (case-insensitive).</summary>
    public static class FlagParser
    {
        private static readonly string[] Yes = { "true", "yes", "y", "1", "on", "$true" };
        private static readonly string[] No = { "false", "no", "n", "0", "off", "$false" };

        public static bool TryParse(string? text, out bool value, out string? error, string field)
        {
            var s = (text ?? "").Trim(' ', '\t');
            value = Yes.Contains(s, StringComparer.OrdinalIgnoreCase);
            if (value || No.Contains(s, StringComparer.OrdinalIgnoreCase))
            {
                error = null;
                return true;
            }
            error = $"{field} {ValueDisplay.Show(text)} is invalid: expected true or false (also yes/no, 1/0).";
            return false;
        }
    }
}
