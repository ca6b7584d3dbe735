using System.Globalization;
using System.Text;

namespace Containarium.Core.Validation
{
    /// <summary>
    /// Renders an untrusted value for an error message: quoted, control and invisible characters escaped, long values cut.
    /// Why: a CSV cell may carry ESC sequences or newlines; echoing them raw would garble or spoof the admin's console.
    /// </summary>
    public static class ValueDisplay
    {
        public const int MaxShown = 80;

        public static string Show(string? value)
        {
            if (value == null) return "(none)";
            var sb = new StringBuilder("'");
            var n = value.Length > MaxShown ? MaxShown : value.Length;
            for (var i = 0; i < n; i++)
            {
                var c = value[i];
                if (c == '\n') sb.Append("\\n");
                else if (c == '\r') sb.Append("\\r");
                else if (c == '\t') sb.Append("\\t");
                else if (IsInvisible(c)) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            if (value.Length > MaxShown) sb.Append("...");
            return sb.Append('\'').ToString();
        }

        /// <summary>Control, format (bidi overrides, zero-width), line/paragraph separators and lone surrogates.</summary>
        public static bool IsInvisible(char c)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                    return true;
                default:
                    return false;
            }
        }
    }
}
