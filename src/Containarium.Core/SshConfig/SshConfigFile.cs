using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Containarium.Core.SshConfig
{
    /// <summary>
    /// Puts the module's entries into a user's ssh config text between marker lines
    /// (<c># BEGIN containarium &lt;id&gt;</c> … <c># END containarium &lt;id&gt;</c>) without touching anything else.
    /// <list type="bullet">
    /// <item>An existing block with the id is replaced in place; otherwise the block is appended (after a blank line).</item>
    /// <item>Every byte outside the block is kept, including the file's line ends (the block uses CRLF if the file does).</item>
    /// <item>Idempotent: merging the same block again returns the same text.</item>
    /// <item>A null or empty text (no file yet) gives just the block.</item>
    /// <item>Broken markers anywhere → <see cref="SshConfigFormatException"/>, nothing is changed.</item>
    /// </list>
    /// </summary>
    public static class SshConfigFile
    {
        public static string Merge(string? existingText, string blockId, string newBlock)
        {
            SshConfigMarkers.EnsureId(blockId);
            if (newBlock == null) throw new ArgumentNullException(nameof(newBlock));
            var text = existingText ?? "";
            var lines = SplitLines(text);
            var blocks = SshConfigMarkers.Scan(lines.Select(l => l.Content).ToList());
            var nl = text.Contains("\r\n") ? "\r\n" : "\n";
            var body = BlockLines(newBlock);
            var wrapped = new StringBuilder();
            wrapped.Append(SshConfigMarkers.BeginPrefix).Append(blockId).Append(nl);
            foreach (var l in body) wrapped.Append(l).Append(nl);
            wrapped.Append(SshConfigMarkers.EndPrefix).Append(blockId);

            var existing = blocks.FirstOrDefault(b => b.Id == blockId);
            if (existing != null)
            {
                // Keep the END line's own terminator (or its absence at end of file) so a re-merge is byte-identical.
                var start = lines[existing.BeginLine].Offset;
                var end = lines[existing.EndLine];
                return text.Substring(0, start) + wrapped + end.Terminator + text.Substring(end.Offset + end.Content.Length + end.Terminator.Length);
            }

            var sb = new StringBuilder(text);
            if (text.Length > 0)
            {
                if (!text.EndsWith("\n", StringComparison.Ordinal)) sb.Append(nl);
                if (!(lines.Count >= 1 && lines[lines.Count - 1].Content.Trim().Length == 0)) sb.Append(nl); // blank separator
            }
            return sb.Append(wrapped).Append(nl).ToString();
        }

        /// <summary>Removes the block with this id (marker lines included); text without it comes back unchanged.</summary>
        public static string Remove(string? existingText, string blockId)
        {
            SshConfigMarkers.EnsureId(blockId);
            var text = existingText ?? "";
            var lines = SplitLines(text);
            var block = SshConfigMarkers.Scan(lines.Select(l => l.Content).ToList()).FirstOrDefault(b => b.Id == blockId);
            if (block == null) return text;
            var start = lines[block.BeginLine].Offset;
            var end = lines[block.EndLine];
            return text.Substring(0, start) + text.Substring(end.Offset + end.Content.Length + end.Terminator.Length);
        }

        /// <summary>Ids of the module's blocks in the text, in order (throws on broken markers).</summary>
        public static IReadOnlyList<string> BlockIds(string? existingText) =>
            SshConfigMarkers.Scan(SplitLines(existingText ?? "").Select(l => l.Content).ToList()).Select(b => b.Id).ToList();

        private static List<string> BlockLines(string block)
        {
            var lines = block.Replace("\r\n", "\n").Split('\n').ToList();
            while (lines.Count > 0 && lines[lines.Count - 1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].IndexOf('\r') >= 0) throw new ArgumentException("The block contains a stray carriage return.");
                if (SshConfigMarkers.IsMarkerLine(lines[i])) throw new ArgumentException($"The block itself contains a Containarium marker line (line {i + 1}).");
            }
            return lines;
        }

        private readonly struct Line
        {
            public Line(int offset, string content, string terminator)
            {
                Offset = offset;
                Content = content;
                Terminator = terminator;
            }

            public int Offset { get; }
            public string Content { get; }
            public string Terminator { get; }
        }

        // Splits on LF and CRLF, remembering each line's offset and exact terminator ("" for a last line without one).
        private static List<Line> SplitLines(string text)
        {
            var result = new List<Line>();
            var pos = 0;
            while (pos < text.Length)
            {
                var lf = text.IndexOf('\n', pos);
                if (lf < 0)
                {
                    result.Add(new Line(pos, text.Substring(pos), ""));
                    break;
                }
                var crlf = lf > pos && text[lf - 1] == '\r';
                var contentEnd = crlf ? lf - 1 : lf;
                result.Add(new Line(pos, text.Substring(pos, contentEnd - pos), crlf ? "\r\n" : "\n"));
                pos = lf + 1;
            }
            return result;
        }
    }
}
