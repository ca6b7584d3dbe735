using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Containarium.HelpBuilder.Metadata;

namespace Containarium.HelpBuilder.Docs
{
    /// <summary>Writes a cmdlet doc from the cmdlet's metadata, like PlatyPS New-MarkdownHelp; given an existing
    /// doc it keeps the prose and rewrites what the code owns (SYNTAX, parameter yaml), like Update-MarkdownHelp.</summary>
    public static class DocWriter
    {
        public const string SynopsisPlaceholder = "{{ Fill in the Synopsis }}";
        public const string DescriptionPlaceholder = "{{ Fill in the Description }}";
        public const string ExampleCodePlaceholder = "{{ Add example code here }}";
        public const string ExampleRemarksPlaceholder = "{{ Add example description here }}";
        public static string ParameterPlaceholder(string name) => "{{ Fill " + name + " Description }}";


        public const string CommonParametersText =
            "This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable,\n" +
            "-InformationAction, -InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable,\n" +
            "-ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see\n" +
            "[about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).";

        /// <summary>A new doc for <paramref name="cmdlet"/>, placeholders where prose is needed.</summary>
        public static string New(CmdletMetadata cmdlet, string helpFileName, string moduleName) =>
            Render(cmdlet, null, helpFileName, moduleName, new List<string>());

        /// <summary>The doc <paramref name="existing"/> brought in line with the code; what changed goes to <paramref name="changes"/>.</summary>
        public static string Update(CmdletMetadata cmdlet, CommandDoc existing, string helpFileName, string moduleName, List<string> changes) =>
            Render(cmdlet, existing, helpFileName, moduleName, changes);

        private static string Render(CmdletMetadata cmdlet, CommandDoc? doc, string helpFileName, string moduleName, List<string> changes)
        {
            var sb = new StringBuilder();
            WriteFrontMatter(sb, doc, helpFileName, moduleName);
            sb.Append("# ").Append(cmdlet.Name).Append("\n\n");

            Section(sb, DocParser.Synopsis, Prose(doc?.Synopsis, SynopsisPlaceholder));
            sb.Append("## ").Append(DocParser.Syntax).Append("\n\n");
            WriteSyntax(sb, cmdlet, doc);
            Section(sb, DocParser.Description, Prose(doc?.Description, DescriptionPlaceholder));

            sb.Append("## ").Append(DocParser.Examples).Append("\n\n");
            if (doc?.Examples is { Count: > 0 } examples)
                foreach (var e in examples) Heading(sb, "### " + e.Title, e.Body.Markdown);
            else
                sb.Append("### Example 1\n```powershell\n").Append(ExampleCodePlaceholder).Append("\n```\n\n")
                  .Append(ExampleRemarksPlaceholder).Append("\n\n");

            sb.Append("## ").Append(DocParser.Parameters).Append("\n\n");
            foreach (var p in ParameterOrder(cmdlet, doc, changes)) WriteParameter(sb, p, doc?.FindParameter(p.Name));
            Heading(sb, "### CommonParameters", doc?.CommonParametersText is { IsEmpty: false } common ? common.Markdown : CommonParametersText);

            sb.Append("## ").Append(DocParser.Inputs).Append("\n\n");
            WriteTypes(sb, doc?.Inputs, InputTypes(cmdlet));
            sb.Append("## ").Append(DocParser.Outputs).Append("\n\n");
            WriteTypes(sb, doc?.Outputs, cmdlet.OutputTypes.Count > 0 ? cmdlet.OutputTypes : new[] { "System.Object" });

            Section(sb, DocParser.Notes, doc?.Notes?.Markdown ?? "");
            // Links stand a blank line below their heading, as PlatyPS writes them.
            var links = doc?.LinksText?.Markdown ?? "";
            Heading(sb, "## " + DocParser.RelatedLinks + (links.Trim().Length > 0 ? "\n" : ""), links);
            return sb.ToString().TrimEnd('\n') + "\n";
        }

        private static void WriteFrontMatter(StringBuilder sb, CommandDoc? doc, string helpFileName, string moduleName)
        {
            var pairs = doc?.FrontMatter.ToList() ?? new List<KeyValuePair<string, string>>();
            void Ensure(string key, string value, bool overwrite)
            {
                var i = pairs.FindIndex(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase));
                if (i < 0) pairs.Add(new KeyValuePair<string, string>(key, value));
                else if (overwrite) pairs[i] = new KeyValuePair<string, string>(pairs[i].Key, value);
            }
            Ensure("external help file", helpFileName, overwrite: true);
            Ensure("Module Name", moduleName, overwrite: false);
            Ensure("online version", "", overwrite: false);
            Ensure("schema", "2.0.0", overwrite: true);
            sb.Append("---\n");
            foreach (var kv in pairs) sb.Append(kv.Key).Append(':').Append(kv.Value.Length > 0 ? " " + kv.Value : "").Append('\n');
            sb.Append("---\n\n");
        }

        private static string Prose(DocText? existing, string placeholder) =>
            existing == null || existing.IsEmpty ? placeholder : existing.Markdown;

        private static void Section(StringBuilder sb, string name, string body)
        {
            Heading(sb, "## " + name, body);
        }

        /// <summary>A heading with its body right below it (PlatyPS's layout), a blank line after.</summary>
        private static void Heading(StringBuilder sb, string heading, string body)
        {
            sb.Append(heading).Append('\n');
            if (body.Trim().Length > 0) sb.Append(body.Trim()).Append('\n');
            sb.Append('\n');
        }

        private static void WriteSyntax(StringBuilder sb, CmdletMetadata cmdlet, CommandDoc? doc)
        {
            foreach (var set in cmdlet.ParameterSetNames)
            {
                if (set != ParameterSetBinding.AllSets)
                {
                    sb.Append("### ").Append(set);
                    if (string.Equals(set, cmdlet.DefaultParameterSetName, StringComparison.OrdinalIgnoreCase)) sb.Append(" (Default)");
                    sb.Append('\n');
                }
                // Keep the doc's wrapping when it says the same thing.
                var generated = cmdlet.SyntaxText(set);
                var written = doc?.Syntax.FirstOrDefault(x => SyntaxText.SameSet(x, set))?.Code;
                var code = written != null && SyntaxText.Equivalent(written, generated) ? written : generated;
                sb.Append("```\n").Append(code).Append("\n```\n\n");
            }
        }

        /// <summary>The doc's order for parameters it has, new ones slotted in alphabetically; none of the removed.</summary>
        private static List<ParameterMetadata> ParameterOrder(CmdletMetadata cmdlet, CommandDoc? doc, List<string> changes)
        {
            var order = new List<ParameterMetadata>();
            if (doc != null)
            {
                foreach (var pd in doc.Parameters)
                {
                    var p = cmdlet.FindParameter(pd.Name);
                    if (p != null) order.Add(p);
                    else changes.Add($"removed -{pd.Name}: the cmdlet has no such parameter");
                }
            }
            foreach (var p in cmdlet.Parameters.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
            {
                if (order.Contains(p)) continue;
                var at = order.FindIndex(o => string.Compare(o.Name, p.Name, StringComparison.OrdinalIgnoreCase) > 0);
                order.Insert(at < 0 ? order.Count : at, p);
                if (doc != null) changes.Add($"added -{p.Name}");
            }
            return order;
        }

        private static void WriteParameter(StringBuilder sb, ParameterMetadata p, ParameterDoc? existing)
        {
            sb.Append("### -").Append(p.Name).Append('\n');
            var description = existing != null && !existing.Description.IsEmpty ? existing.Description.Markdown
                : p.EngineDescription != null ? p.EngineDescription
                : ParameterPlaceholder(p.Name);
            sb.Append(description).Append("\n\n");
            foreach (var group in GroupBindings(p))
            {
                var first = group[0];
                var sets = group.Select(b => b.DocSetName).ToList();
                var defaultValue = existing?.Blocks
                    .FirstOrDefault(b => b.Sets.Intersect(sets, StringComparer.OrdinalIgnoreCase).Any())?.DefaultValue
                    ?? existing?.Blocks.FirstOrDefault()?.DefaultValue
                    ?? (p.IsSwitch ? "False" : "None");
                sb.Append("```yaml\n");
                sb.Append(ParameterYaml.TypeKey).Append(": ").Append(p.Type.Friendly).Append('\n');
                sb.Append(ParameterYaml.SetsKey).Append(": ").Append(string.Join(", ", sets)).Append('\n');
                sb.Append(ParameterYaml.AliasesKey).Append(": ").Append(p.Aliases.Count == 0 ? "None" : string.Join(", ", p.Aliases)).Append('\n');
                if (p.AcceptedValues.Count > 0)
                    sb.Append(ParameterYaml.AcceptedValuesKey).Append(": ").Append(string.Join(", ", p.AcceptedValues)).Append('\n');
                sb.Append('\n');
                sb.Append(ParameterYaml.RequiredKey).Append(": ").Append(first.Mandatory ? "True" : "False").Append('\n');
                sb.Append(ParameterYaml.PositionKey).Append(": ").Append(first.PositionText).Append('\n');
                sb.Append(ParameterYaml.DefaultValueKey).Append(": ").Append(defaultValue.Length == 0 ? "None" : defaultValue).Append('\n');
                sb.Append(ParameterYaml.PipelineKey).Append(": ").Append(first.PipelineInputText).Append('\n');
                sb.Append(ParameterYaml.WildcardsKey).Append(": ").Append(p.SupportsWildcards ? "True" : "False").Append('\n');
                sb.Append("```\n\n");
            }
        }

        /// <summary>Sets in which the parameter binds alike share one yaml block, as in PlatyPS.</summary>
        public static List<List<ParameterSetBinding>> GroupBindings(ParameterMetadata p)
        {
            var groups = new List<List<ParameterSetBinding>>();
            foreach (var b in p.Bindings)
            {
                var g = groups.FirstOrDefault(x => x[0].SameShapeAs(b));
                if (g != null) g.Add(b); else groups.Add(new List<ParameterSetBinding> { b });
            }
            return groups;
        }

        private static IReadOnlyList<string> InputTypes(CmdletMetadata cmdlet)
        {
            var types = cmdlet.Parameters
                .Where(p => p.Bindings.Any(b => b.ValueFromPipeline || b.ValueFromPipelineByPropertyName))
                .Select(p => p.Type.Full)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            return types.Count > 0 ? types : new[] { "None" };
        }

        private static void WriteTypes(StringBuilder sb, List<TypeDoc>? existing, IReadOnlyList<string> fromCode)
        {
            if (existing is { Count: > 0 })
            {
                foreach (var t in existing) Heading(sb, "### " + t.Name, t.Description.Markdown);
                return;
            }
            foreach (var t in fromCode) sb.Append("### ").Append(t).Append("\n\n");
        }
    }
}
