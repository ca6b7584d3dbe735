using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Containarium.HelpBuilder.Docs
{
    /// <summary>Markdig plumbing shared by the doc parser, the about converter and the MAML text renderer.</summary>
    public static class Markdown
    {
        public static readonly MarkdownPipeline Pipeline =
            new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePreciseSourceLocation().Build();

        /// <summary>Parses with "\n" line ends so that offsets index the normalised text.</summary>
        public static (MarkdownDocument Document, string Source) Parse(string text)
        {
            var source = text.Replace("\r\n", "\n").Replace('\r', '\n');
            return (Markdig.Markdown.Parse(source, Pipeline), source);
        }

        /// <summary>The source of a run of blocks, from the first one's start to the last one's end.</summary>
        public static string Slice(string source, IReadOnlyList<Block> blocks)
        {
            if (blocks.Count == 0) return "";
            var start = blocks[0].Span.Start;
            var end = Math.Min(blocks[blocks.Count - 1].Span.End, source.Length - 1);
            return end < start ? "" : source.Substring(start, end - start + 1);
        }

        /// <summary>1-based line of a block.</summary>
        public static int LineOf(Block block) => block.Line + 1;

        /// <summary>A heading's text as written (inline markup kept), without the #'s.</summary>
        public static string HeadingText(string source, HeadingBlock heading)
        {
            var raw = source.Substring(heading.Span.Start, Math.Min(heading.Span.Length, source.Length - heading.Span.Start));
            var firstLine = raw.Split('\n')[0].Trim();
            if (heading.IsSetext) return firstLine;
            return firstLine.TrimStart('#').TrimEnd('#').Trim();
        }

        public static string CodeText(CodeBlock code)
        {
            var lines = code.Lines.Lines.Take(code.Lines.Count).Select(l => l.Slice.ToString());
            return string.Join("\n", lines).TrimEnd('\n');
        }

        public static bool IsYaml(Block block) =>
            block is FencedCodeBlock f && string.Equals(f.Info?.Trim(), "yaml", StringComparison.OrdinalIgnoreCase);

        public static IEnumerable<KeyValuePair<string, string>> FrontMatter(YamlFrontMatterBlock block)
        {
            foreach (var l in block.Lines.Lines.Take(block.Lines.Count))
            {
                var line = l.Slice.ToString();
                if (line.Trim() == "---" || line.Trim().Length == 0) continue;
                var colon = line.IndexOf(':');
                if (colon <= 0) continue;
                var value = line.Substring(colon + 1).Trim();
                if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[value.Length - 1] == value[0])
                    value = value.Substring(1, value.Length - 2);
                yield return new KeyValuePair<string, string>(line.Substring(0, colon).Trim(), value);
            }
        }

        /// <summary>Inline markup as readable plain text: emphasis dropped, `code` kept, relative links reduced to
        /// their text, absolute ones written "text (url)".</summary>
        public static string InlineText(ContainerInline? container)
        {
            var sb = new StringBuilder();
            AppendChildren(sb, container);
            return sb.ToString();
        }

        private static void AppendChildren(StringBuilder sb, ContainerInline? container)
        {
            for (var child = container?.FirstChild; child != null; child = child.NextSibling) AppendInline(sb, child);
        }

        private static void AppendInline(StringBuilder sb, Inline? inline)
        {
            switch (inline)
            {
                case null: return;
                case LiteralInline lit: sb.Append(lit.Content.ToString()); return;
                case CodeInline code: sb.Append('`').Append(code.Content).Append('`'); return;
                case AutolinkInline auto: sb.Append(auto.Url); return;
                case LineBreakInline br: sb.Append(br.IsHard ? "\n" : " "); return;
                case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); return;
                case HtmlInline html: sb.Append(html.Tag); return;
                case LinkInline link:
                {
                    var text = InlineText(link);
                    if (link.IsImage) { sb.Append(text); return; }
                    sb.Append(text);
                    var url = link.Url ?? "";
                    if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https") && url != text)
                        sb.Append(" (").Append(url).Append(')');
                    return;
                }
                case ContainerInline container:
                    AppendChildren(sb, container);
                    return;
                default: return;
            }
        }
    }
}
