using System.Collections.Generic;
using System.Linq;
using Containarium.HelpBuilder.Docs;
using Markdig.Syntax;

namespace Containarium.HelpBuilder.Output
{
    /// <summary>Markdown prose as a list of plain-text paragraphs (what a &lt;maml:para&gt; holds): a paragraph's
    /// lines are joined, list items become "- item", a code block stays one paragraph with its line breaks.</summary>
    public static class PlainText
    {
        public enum Kind { Text, ListItem, Code, Heading }

        public readonly struct Paragraph
        {
            public Paragraph(Kind kind, string text, int indent = 0)
            {
                ParagraphKind = kind;
                Text = text;
                Indent = indent;
            }

            public Kind ParagraphKind { get; }
            public string Text { get; }
            /// <summary>Nesting depth of list items.</summary>
            public int Indent { get; }
        }

        public static List<string> Paragraphs(string markdown) => Blocks(markdown).Select(p => p.Text).ToList();

        public static List<Paragraph> Blocks(string markdown)
        {
            var result = new List<Paragraph>();
            if (string.IsNullOrWhiteSpace(markdown)) return result;
            var (document, source) = Markdown.Parse(markdown);
            foreach (var block in document) Append(result, block, source, 0);
            return result;
        }

        private static void Append(List<Paragraph> result, Block block, string source, int depth)
        {
            switch (block)
            {
                case ParagraphBlock p:
                    result.Add(new Paragraph(Kind.Text, Markdown.InlineText(p.Inline).Trim()));
                    break;
                case HeadingBlock h:
                    result.Add(new Paragraph(Kind.Heading, Markdown.InlineText(h.Inline).Trim()));
                    break;
                case CodeBlock code:
                    result.Add(new Paragraph(Kind.Code, Markdown.CodeText(code)));
                    break;
                case ListBlock list:
                    var n = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        var bullet = list.IsOrdered ? n++ + ". " : "- ";
                        var inner = new List<Paragraph>();
                        foreach (var child in item) Append(inner, child, source, depth + 1);
                        var text = string.Join(" ", inner.Where(x => x.Indent == 0 && x.ParagraphKind != Kind.ListItem).Select(x => x.Text));
                        result.Add(new Paragraph(Kind.ListItem, new string(' ', 2 * depth) + bullet + text, depth));
                        result.AddRange(inner.Where(x => x.ParagraphKind == Kind.ListItem));
                    }
                    break;
                case QuoteBlock quote:
                    foreach (var child in quote) Append(result, child, source, depth);
                    break;
                case HtmlBlock html:
                    result.Add(new Paragraph(Kind.Text, Markdown.Slice(source, new Block[] { html }).Trim()));
                    break;
                case LinkReferenceDefinitionGroup:
                case ThematicBreakBlock:
                    break;
                case ContainerBlock container:
                    foreach (var child in container) Append(result, child, source, depth);
                    break;
                default:
                    var raw = Markdown.Slice(source, new[] { block }).Trim();
                    if (raw.Length > 0) result.Add(new Paragraph(Kind.Text, raw));
                    break;
            }
        }
    }
}
