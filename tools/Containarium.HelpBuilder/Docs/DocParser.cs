using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Containarium.HelpBuilder.Docs
{
    /// <summary>Reads a cmdlet doc in PlatyPS schema 2.0.0. Structure errors (an unknown section, a bad yaml
    /// key) are reported as <see cref="Rules.Parse"/> problems; the rest of the doc is still read.</summary>
    public static class DocParser
    {
        public const string Synopsis = "SYNOPSIS";
        public const string Syntax = "SYNTAX";
        public const string Description = "DESCRIPTION";
        public const string Examples = "EXAMPLES";
        public const string Parameters = "PARAMETERS";
        public const string Inputs = "INPUTS";
        public const string Outputs = "OUTPUTS";
        public const string Notes = "NOTES";
        public const string RelatedLinks = "RELATED LINKS";

        public static readonly IReadOnlyList<string> Sections = new[]
        {
            Synopsis, Syntax, Description, Examples, Parameters, Inputs, Outputs, Notes, RelatedLinks,
        };

        private const string DefaultSuffix = "(Default)";

        public static CommandDoc ParseFile(string path, List<Problem> problems) =>
            Parse(File.ReadAllText(path), path, problems);

        public static CommandDoc Parse(string text, string path, List<Problem> problems)
        {
            var doc = new CommandDoc(path);
            var (document, source) = Markdown.Parse(text);
            void Error(int line, string? parameter, string message) =>
                problems.Add(new Problem(path, line, Rules.Parse, parameter, message));

            string? section = null;
            var inUnknownSection = false;
            HeadingBlock? sectionHeading = null;
            var content = new List<Block>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            void Flush()
            {
                if (section != null) ReadSection(doc, section, sectionHeading!, content, source, Error);
                content.Clear();
            }

            foreach (var block in document)
            {
                switch (block)
                {
                    case YamlFrontMatterBlock yaml:
                        doc.FrontMatter.AddRange(Markdown.FrontMatter(yaml));
                        break;
                    case HeadingBlock h when h.Level == 1:
                        Flush();
                        section = null;
                        inUnknownSection = false;
                        if (doc.Name == null) { doc.Name = Markdown.HeadingText(source, h); doc.NameLine = Markdown.LineOf(h); }
                        else Error(Markdown.LineOf(h), null, $"a second level-1 heading '{Markdown.HeadingText(source, h)}'; a doc describes one command");
                        break;
                    case HeadingBlock h when h.Level == 2:
                        Flush();
                        var name = Markdown.HeadingText(source, h);
                        section = Sections.FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase));
                        sectionHeading = h;
                        inUnknownSection = section == null;
                        if (section == null)
                            Error(Markdown.LineOf(h), null, $"unexpected section '## {name}' (expected one of: {string.Join(", ", Sections)})");
                        else if (!seen.Add(section))
                            Error(Markdown.LineOf(h), null, $"section '## {section}' appears twice");
                        break;
                    default:
                        if (section != null) content.Add(block);
                        else if (doc.Name != null && !inUnknownSection && block is not LinkReferenceDefinitionGroup)
                            Error(Markdown.LineOf(block), null, "text outside any ## section");
                        break;
                }
            }
            Flush();
            if (doc.Name == null) Error(0, null, "no '# <Command-Name>' heading");
            if (doc.FrontMatter.Count == 0) problems.Add(new Problem(path, 1, Rules.FrontMatter, null, "no YAML front matter (external help file, Module Name, online version, schema: 2.0.0)"));
            return doc;
        }

        private static void ReadSection(CommandDoc doc, string section, HeadingBlock heading, List<Block> blocks,
            string source, Action<int, string?, string> error)
        {
            var line = Markdown.LineOf(heading);
            DocText Text(IReadOnlyList<Block> b) => new DocText(Markdown.Slice(source, b), b.Count > 0 ? Markdown.LineOf(b[0]) : line);
            switch (section)
            {
                case Synopsis: doc.Synopsis = Text(blocks); break;
                case Description: doc.Description = Text(blocks); break;
                case Notes: doc.Notes = Text(blocks); break;
                case Syntax: ReadSyntax(doc, blocks, source); break;
                case Examples:
                    doc.ExamplesLine = line;
                    doc.Examples = new List<ExampleDoc>();
                    foreach (var (h, body) in SplitBySubheading(blocks))
                    {
                        if (h == null) { if (body.Count > 0) error(Markdown.LineOf(body[0]), null, "text before the first '### Example' heading"); continue; }
                        doc.Examples.Add(ReadExample(Markdown.HeadingText(source, h), Markdown.LineOf(h), body, source));
                    }
                    break;
                case Parameters:
                    doc.ParametersLine = line;
                    foreach (var (h, body) in SplitBySubheading(blocks))
                    {
                        if (h == null) { if (body.Count > 0) error(Markdown.LineOf(body[0]), null, "text before the first '### -Parameter' heading"); continue; }
                        ReadParameter(doc, h, body, source, error);
                    }
                    break;
                case Inputs:
                case Outputs:
                    var list = section == Inputs ? doc.Inputs : doc.Outputs;
                    foreach (var (h, body) in SplitBySubheading(blocks))
                        if (h != null) list.Add(new TypeDoc(Markdown.HeadingText(source, h), Text(body), Markdown.LineOf(h)));
                    break;
                case RelatedLinks:
                    doc.LinksText = Text(blocks);
                    doc.Links.AddRange(ReadLinks(blocks, source));
                    break;
            }
        }

        /// <summary>Splits a section at its level-3 headings; the first part (heading null) is what precedes them.</summary>
        private static List<(HeadingBlock? Heading, List<Block> Body)> SplitBySubheading(List<Block> blocks)
        {
            var parts = new List<(HeadingBlock?, List<Block>)> { (null, new List<Block>()) };
            foreach (var b in blocks)
            {
                if (b is HeadingBlock h && h.Level == 3) parts.Add((h, new List<Block>()));
                else parts[parts.Count - 1].Item2.Add(b);
            }
            return parts;
        }

        private static void ReadSyntax(CommandDoc doc, List<Block> blocks, string source)
        {
            foreach (var (h, body) in SplitBySubheading(blocks))
            {
                string? setName = null;
                var isDefault = false;
                if (h != null)
                {
                    setName = Markdown.HeadingText(source, h);
                    if (setName.EndsWith(DefaultSuffix, StringComparison.OrdinalIgnoreCase))
                    {
                        isDefault = true;
                        setName = setName.Substring(0, setName.Length - DefaultSuffix.Length).Trim();
                    }
                }
                foreach (var code in body.OfType<CodeBlock>())
                    doc.Syntax.Add(new SyntaxDoc(setName, isDefault, Markdown.CodeText(code), Markdown.LineOf(code)));
            }
        }

        private static ExampleDoc ReadExample(string title, int line, List<Block> body, string source)
        {
            var example = new ExampleDoc(title, line) { Body = new DocText(Markdown.Slice(source, body), line + 1) };
            var firstCode = body.FindIndex(b => b is CodeBlock);
            if (firstCode < 0)
            {
                example.Introduction = new DocText(Markdown.Slice(source, body), line + 1);
                return example;
            }
            var intro = body.Take(firstCode).ToList();
            example.Introduction = new DocText(Markdown.Slice(source, intro), intro.Count > 0 ? Markdown.LineOf(intro[0]) : line);
            example.Code.AddRange(body.OfType<CodeBlock>().Select(Markdown.CodeText));
            var remarks = body.Skip(firstCode).Where(b => b is not CodeBlock).ToList();
            example.Remarks = new DocText(Markdown.Slice(source, remarks), remarks.Count > 0 ? Markdown.LineOf(remarks[0]) : line);
            return example;
        }

        private static void ReadParameter(CommandDoc doc, HeadingBlock heading, List<Block> body, string source,
            Action<int, string?, string> error)
        {
            var title = Markdown.HeadingText(source, heading);
            var token = title.Trim('<', '>', ' ');
            if (string.Equals(token, "CommonParameters", StringComparison.OrdinalIgnoreCase)
                || string.Equals(token, "WorkflowCommonParameters", StringComparison.OrdinalIgnoreCase))
            {
                doc.HasCommonParameters = true;
                doc.CommonParametersText = new DocText(Markdown.Slice(source, body), Markdown.LineOf(heading) + 1);
                return;
            }
            var line = Markdown.LineOf(heading);
            if (!title.StartsWith("-", StringComparison.Ordinal))
                error(line, null, $"parameter heading '### {title}' must start with '-'");
            var name = title.TrimStart('-').Trim();
            if (doc.FindParameter(name) != null) error(line, name, "documented twice");
            var parameter = new ParameterDoc(name, line);
            var firstYaml = body.FindIndex(Markdown.IsYaml);
            var prose = firstYaml < 0 ? body : body.Take(firstYaml).ToList();
            parameter.Description = new DocText(Markdown.Slice(source, prose), prose.Count > 0 ? Markdown.LineOf(prose[0]) : line);
            foreach (var yaml in body.Where(Markdown.IsYaml).Cast<FencedCodeBlock>())
                parameter.Blocks.Add(ParameterYaml.Parse(Markdown.CodeText(yaml), Markdown.LineOf(yaml),
                    (l, message) => error(l, name, message)));
            if (parameter.Blocks.Count == 0) error(line, name, "no ```yaml block with the parameter's metadata");
            doc.Parameters.Add(parameter);
        }

        private static IEnumerable<LinkDoc> ReadLinks(List<Block> blocks, string source)
        {
            foreach (var block in blocks)
            {
                var leaves = block is LeafBlock leaf ? new[] { leaf } : block.Descendants<LeafBlock>().ToArray();
                var links = leaves.Where(l => l.Inline != null)
                    .SelectMany(l => l.Inline!.Descendants<LinkInline>())
                    .Where(l => !l.IsImage).ToList();
                if (links.Count > 0)
                {
                    foreach (var link in links) yield return new LinkDoc(Markdown.InlineText(link).Trim(), link.Url);
                    continue;
                }
                foreach (var text in Markdown.Slice(source, new[] { block }).Split('\n'))
                {
                    var t = text.Trim().TrimStart('-', '*').Trim();
                    if (t.Length > 0) yield return new LinkDoc(t, null);
                }
            }
        }
    }
}
