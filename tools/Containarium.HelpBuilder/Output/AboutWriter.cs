using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Containarium.HelpBuilder.Docs;
using Markdig.Syntax;

namespace Containarium.HelpBuilder.Output
{
    /// <summary>Turns an about_*.md into the plain-text about_*.help.txt Get-Help shows:
    /// <code>
    /// TOPIC
    ///     about_Containarium
    ///
    /// SHORT DESCRIPTION
    ///     One line.
    /// </code>
    /// The first level-1 heading is the topic; section headings become upper-case titles at column 0, deeper
    /// headings indented subtopic titles;
    /// prose is indented four spaces and wrapped at <see cref="Width"/>; code keeps its lines, indented eight.</summary>
    public static class AboutWriter
    {
        public const int Width = 80;
        private const int Indent = 4;

        public static string Convert(string markdown, string fallbackTopic)
        {
            var (document, source) = Markdown.Parse(markdown);
            var sb = new StringBuilder();
            string? topic = null;
            var afterHeading = false;
            // PlatyPS's about template uses level-1 headings for the sections after the title (then level 2
            // is a subtopic); hand-written ones often use level 2. Either way works.
            var sectionLevel = document.OfType<HeadingBlock>().Count(x => x.Level == 1) > 1 ? 1 : 2;

            void Topic(string name)
            {
                topic = name;
                sb.Append("TOPIC\n").Append(' ', Indent).Append(name).Append('\n');
            }

            foreach (var block in document)
            {
                if (block is Markdig.Extensions.Yaml.YamlFrontMatterBlock) continue;
                if (block is HeadingBlock h)
                {
                    var text = Markdown.InlineText(h.Inline).Trim();
                    if (h.Level == 1 && topic == null) { Topic(text); afterHeading = false; continue; }
                    if (topic == null) Topic(fallbackTopic);
                    // PlatyPS about templates repeat the topic as a level-2 heading: say it once.
                    if (string.Equals(text, topic, StringComparison.OrdinalIgnoreCase)) continue;
                    sb.Append('\n');
                    if (h.Level <= sectionLevel) sb.Append(text.ToUpperInvariant()).Append('\n');
                    else sb.Append(' ', Indent).Append(text).Append('\n');
                    afterHeading = true;
                    continue;
                }
                if (topic == null) Topic(fallbackTopic);
                var raw = Markdown.Slice(source, new[] { block });
                if (PipeTable.TryParse(raw, out var table))
                {
                    if (!afterHeading) sb.Append('\n');
                    afterHeading = false;
                    WriteTable(sb, table);
                    continue;
                }
                var paragraphs = PlainText.Blocks(raw);
                if (paragraphs.Count == 0) continue;
                if (!afterHeading) sb.Append('\n');
                afterHeading = false;
                foreach (var p in paragraphs) WriteParagraph(sb, p);
            }
            if (topic == null) Topic(fallbackTopic);
            return sb.ToString().TrimEnd('\n') + "\n";
        }

        private static void WriteParagraph(StringBuilder sb, PlainText.Paragraph p)
        {
            switch (p.ParagraphKind)
            {
                case PlainText.Kind.Code:
                    foreach (var line in p.Text.Split('\n'))
                        sb.Append(line.Length == 0 ? "" : new string(' ', 2 * Indent) + line).Append('\n');
                    break;
                case PlainText.Kind.ListItem:
                    // "- item" / "1. item", nested items already carry two spaces a level; wrapped lines hang.
                    var body = p.Text.TrimStart();
                    var bullet = body.StartsWith("- ", StringComparison.Ordinal) ? 2 : body.IndexOf(". ", StringComparison.Ordinal) + 2;
                    var lead = Indent + (p.Text.Length - body.Length);
                    Wrap(sb, body, lead, lead + bullet);
                    break;
                default:
                    Wrap(sb, p.Text, Indent, Indent);
                    break;
            }
        }

        /// <summary>A pipe table does not fit 80 columns once its cells hold sentences, so each row becomes an
        /// entry: the first cell as a title, the other cells below it as "Header: value", wrapped.</summary>
        private static void WriteTable(StringBuilder sb, PipeTable table)
        {
            var firstRow = true;
            foreach (var row in table.Rows)
            {
                if (!firstRow) sb.Append('\n');
                firstRow = false;
                Wrap(sb, row[0], Indent, Indent);
                for (var i = 1; i < row.Count; i++)
                {
                    if (row[i].Length == 0) continue;
                    var header = i < table.Header.Count ? table.Header[i] : "";
                    var text = table.Header.Count > 2 && header.Length > 0 ? header + ": " + row[i] : row[i];
                    Wrap(sb, text, 2 * Indent, 3 * Indent);
                }
            }
        }

        /// <summary>Greedy word wrap; a word longer than the line stands alone. Hard breaks in the text are kept.</summary>
        public static void Wrap(StringBuilder sb, string text, int firstIndent, int nextIndent)
        {
            var first = true;
            foreach (var hardLine in text.Split('\n'))
            {
                var words = hardLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var line = new StringBuilder();
                var indent = first ? firstIndent : nextIndent;
                foreach (var word in words)
                {
                    if (line.Length > 0 && indent + line.Length + 1 + word.Length > Width)
                    {
                        sb.Append(' ', indent).Append(line).Append('\n');
                        line.Clear();
                        indent = nextIndent;
                        first = false;
                    }
                    if (line.Length > 0) line.Append(' ');
                    line.Append(word);
                }
                if (line.Length > 0) { sb.Append(' ', indent).Append(line).Append('\n'); first = false; }
            }
        }
    }
}
