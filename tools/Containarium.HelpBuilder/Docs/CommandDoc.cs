using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Containarium.HelpBuilder.Docs
{
    /// <summary>One parsed PlatyPS schema 2.0.0 cmdlet doc. Prose is kept as the markdown the author wrote.</summary>
    public sealed class CommandDoc
    {
        public CommandDoc(string path) { Path = path; }

        public string Path { get; }
        /// <summary>Front matter in file order (keys as written).</summary>
        public List<KeyValuePair<string, string>> FrontMatter { get; } = new List<KeyValuePair<string, string>>();
        public string? Name { get; set; }
        public int NameLine { get; set; }
        public DocText? Synopsis { get; set; }
        public List<SyntaxDoc> Syntax { get; } = new List<SyntaxDoc>();
        public DocText? Description { get; set; }
        /// <summary>Null when there is no EXAMPLES section at all.</summary>
        public List<ExampleDoc>? Examples { get; set; }
        public List<ParameterDoc> Parameters { get; } = new List<ParameterDoc>();
        public bool HasCommonParameters { get; set; }
        /// <summary>The text under "### CommonParameters", kept when a doc is rewritten.</summary>
        public DocText? CommonParametersText { get; set; }
        public List<TypeDoc> Inputs { get; } = new List<TypeDoc>();
        public List<TypeDoc> Outputs { get; } = new List<TypeDoc>();
        public DocText? Notes { get; set; }
        public List<LinkDoc> Links { get; } = new List<LinkDoc>();
        /// <summary>The RELATED LINKS section as written, for rewriting the doc.</summary>
        public DocText? LinksText { get; set; }
        public int ExamplesLine { get; set; }
        public int ParametersLine { get; set; }

        public string? FrontMatterValue(string key) =>
            FrontMatter.Where(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase))
                .Select(kv => kv.Value).FirstOrDefault();

        public ParameterDoc? FindParameter(string name) =>
            Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Markdown prose and the line it starts on (1-based).</summary>
    public sealed class DocText
    {
        private static readonly Regex PlaceholderPattern = new Regex(@"\{\{.*?\}\}", RegexOptions.Singleline);

        public DocText(string markdown, int line)
        {
            Markdown = markdown.Trim();
            Line = line;
        }

        public static readonly DocText Empty = new DocText("", 0);

        public string Markdown { get; }
        public int Line { get; }
        public bool IsEmpty => Markdown.Length == 0;
        public bool HasPlaceholder => HasPlaceholderText(Markdown);

        public static bool HasPlaceholderText(string text) => PlaceholderPattern.IsMatch(text);

        public override string ToString() => Markdown;
    }

    public sealed class SyntaxDoc
    {
        public SyntaxDoc(string? setName, bool isDefault, string code, int line)
        {
            SetName = setName;
            IsDefault = isDefault;
            Code = code;
            Line = line;
        }

        /// <summary>Null for a bare code block (a cmdlet with one unnamed set).</summary>
        public string? SetName { get; }
        public bool IsDefault { get; }
        public string Code { get; }
        public int Line { get; }
    }

    public sealed class ExampleDoc
    {
        public ExampleDoc(string title, int line) { Title = title; Line = line; }

        public string Title { get; }
        public int Line { get; }
        /// <summary>Prose before the first code block.</summary>
        public DocText Introduction { get; set; } = DocText.Empty;
        public List<string> Code { get; } = new List<string>();
        /// <summary>Prose after the first code block.</summary>
        public DocText Remarks { get; set; } = DocText.Empty;
        /// <summary>The whole body as written, for rewriting the doc.</summary>
        public DocText Body { get; set; } = DocText.Empty;
    }

    public sealed class ParameterDoc
    {
        public ParameterDoc(string name, int line) { Name = name; Line = line; }

        public string Name { get; }
        public int Line { get; }
        public DocText Description { get; set; } = DocText.Empty;
        public List<ParameterYaml> Blocks { get; } = new List<ParameterYaml>();
    }

    public sealed class TypeDoc
    {
        public TypeDoc(string name, DocText description, int line)
        {
            Name = name;
            Description = description;
            Line = line;
        }

        public string Name { get; }
        public DocText Description { get; }
        public int Line { get; }
    }

    public sealed class LinkDoc
    {
        public LinkDoc(string text, string? uri)
        {
            Text = text;
            Uri = uri;
        }

        public string Text { get; }
        /// <summary>Null for plain text; a relative link (another doc) keeps its target here.</summary>
        public string? Uri { get; }
        public bool IsAbsolute => Uri != null && System.Uri.TryCreate(Uri, UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https");
    }
}
