using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Containarium.HelpBuilder.Docs
{
    /// <summary>A GitHub-style pipe table (header row, dash separator row, data rows) read from markdown source,
    /// with inline code marks removed from cells. The markdown pipeline does not enable the table extension, so
    /// help text would otherwise show a table as one run-on paragraph.</summary>
    public sealed class PipeTable
    {
        private static readonly Regex Separator = new Regex(@"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$");

        public IReadOnlyList<string> Header { get; }
        public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

        private PipeTable(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
        {
            Header = header;
            Rows = rows;
        }

        public static bool TryParse(string source, out PipeTable table)
        {
            table = null!;
            var lines = source.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            if (lines.Count < 2 || !lines.All(l => l.StartsWith("|", StringComparison.Ordinal))) return false;
            if (!Separator.IsMatch(lines[1])) return false;
            var header = Cells(lines[0]);
            var rows = lines.Skip(2).Select(l => (IReadOnlyList<string>)Cells(l)).ToList();
            table = new PipeTable(header, rows);
            return true;
        }

        private static List<string> Cells(string line)
        {
            var inner = line.Trim().Trim('|');
            // An escaped pipe (\|) belongs to the cell.
            var cells = Regex.Split(inner, @"(?<!\\)\|").Select(c => c.Replace("\\|", "|").Replace("`", "").Trim()).ToList();
            return cells;
        }
    }
}
