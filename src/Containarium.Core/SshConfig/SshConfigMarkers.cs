using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Containarium.Core.SshConfig
{
    /// <summary>A well-formed block found in a config: line indexes (0-based) of its BEGIN and END lines.</summary>
    internal sealed class MarkedBlock
    {
        public MarkedBlock(string id, int beginLine, int endLine)
        {
            Id = id;
            BeginLine = beginLine;
            EndLine = endLine;
        }

        public string Id { get; }
        public int BeginLine { get; }
        public int EndLine { get; }
    }

    /// <summary>
    /// Finds and checks the <c># BEGIN containarium &lt;id&gt;</c> / <c># END containarium &lt;id&gt;</c> lines.
    /// Anything that looks like a marker but is not exact, nesting, a missing or stray END, a mismatched id or a repeated
    /// block is an error: a guess could delete the user's own lines.
    /// </summary>
    internal static class SshConfigMarkers
    {
        public const string BeginPrefix = "# BEGIN containarium ";
        public const string EndPrefix = "# END containarium ";
        private static readonly Regex Id = new Regex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex LooksLikeMarker = new Regex("^\\s*#+\\s*(BEGIN|END)\\s+containarium\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static void EnsureId(string? id)
        {
            if (id == null || !Id.IsMatch(id))
                throw new ArgumentException($"Block id '{id}' is invalid: use 1-128 letters, digits, '.', '_', '@' or '-'.");
        }

        public static bool IsMarkerLine(string line) => LooksLikeMarker.IsMatch(line);

        /// <summary>Lines are given without their line terminators.</summary>
        public static List<MarkedBlock> Scan(IReadOnlyList<string> lines)
        {
            var blocks = new List<MarkedBlock>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            string? openId = null;
            var openLine = -1;
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                if (!IsMarkerLine(line)) continue;
                var isBegin = line.StartsWith(BeginPrefix, StringComparison.Ordinal);
                var isEnd = line.StartsWith(EndPrefix, StringComparison.Ordinal);
                var id = isBegin ? line.Substring(BeginPrefix.Length) : isEnd ? line.Substring(EndPrefix.Length) : null;
                if (id == null || !Id.IsMatch(id))
                    throw new SshConfigFormatException(i + 1, $"malformed Containarium marker '{line.Trim()}' (expected '{BeginPrefix}<id>' or '{EndPrefix}<id>').");
                if (isBegin)
                {
                    if (openId != null) throw new SshConfigFormatException(i + 1, $"block '{id}' begins inside block '{openId}' opened on line {openLine + 1}, which has no END.");
                    if (seen.TryGetValue(id, out var earlier)) throw new SshConfigFormatException(i + 1, $"block '{id}' appears twice (first on line {earlier + 1}).");
                    seen.Add(id, i);
                    openId = id;
                    openLine = i;
                }
                else
                {
                    if (openId == null) throw new SshConfigFormatException(i + 1, $"END of block '{id}' without a BEGIN.");
                    if (id != openId) throw new SshConfigFormatException(i + 1, $"END of block '{id}' closes block '{openId}' opened on line {openLine + 1}.");
                    blocks.Add(new MarkedBlock(id, openLine, i));
                    openId = null;
                }
            }
            if (openId != null) throw new SshConfigFormatException(openLine + 1, $"block '{openId}' has no END line.");
            return blocks;
        }
    }
}
