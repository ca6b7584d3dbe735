using System;
using System.Text.RegularExpressions;

namespace Containarium.Core.Gce
{
    /// <summary>Removes anything token-like from text before it goes into an exception message or a log line.</summary>
    public static class GceRedaction
    {
        public const string Mask = "[redacted]";

        private static readonly Regex Patterns = new Regex(
            // "Bearer xyz", Google OAuth access tokens (ya29.…), JSON "access_token"/"assertion"/"id_token" values, JWTs.
            @"(?i:bearer\s+)[A-Za-z0-9._~+/=-]+" +
            @"|ya29\.[A-Za-z0-9._-]+" +
            @"|(?i:""(?:access_token|id_token|refresh_token|assertion)""\s*:\s*)""[^""]*""" +
            @"|(?i:(?:access_token|assertion)=)[^&\s]+" +
            @"|eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+",
            RegexOptions.CultureInvariant);

        /// <summary>Redacts token-like runs and, when given, every occurrence of <paramref name="knownSecret"/>.</summary>
        public static string Clean(string? text, string? knownSecret = null)
        {
            if (string.IsNullOrEmpty(text)) return text ?? "";
            var s = text!;
            if (!string.IsNullOrEmpty(knownSecret) && knownSecret!.Length >= 4)
                s = s.Replace(knownSecret, Mask);
            return Patterns.Replace(s, m =>
            {
                var v = m.Value;
                var colon = v.IndexOf(':');
                if (v.StartsWith("\"", StringComparison.Ordinal) && colon > 0) return v.Substring(0, colon + 1) + "\"" + Mask + "\"";
                var eq = v.IndexOf('=');
                if (eq > 0 && (v.StartsWith("access_token", StringComparison.OrdinalIgnoreCase) || v.StartsWith("assertion", StringComparison.OrdinalIgnoreCase)))
                    return v.Substring(0, eq + 1) + Mask;
                if (v.StartsWith("bearer", StringComparison.OrdinalIgnoreCase)) return "Bearer " + Mask;
                return Mask;
            });
        }
    }
}
