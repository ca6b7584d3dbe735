using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Containarium.HelpBuilder.Docs;
using Containarium.HelpBuilder.Metadata;

namespace Containarium.HelpBuilder.Checks
{
    public sealed class CheckOptions
    {
        /// <summary>Accept "{{ … }}" skeleton placeholders (a freshly generated doc is then clean).</summary>
        public bool AllowPlaceholders { get; set; }
    }

    /// <summary>Compares docs with the cmdlets they describe. Every problem names the file and, where it is about
    /// one, the parameter.</summary>
    public static class DriftChecker
    {
        /// <summary>Checks a whole docs folder against a module: also finds cmdlets without a doc and docs without a cmdlet.</summary>
        public static List<Problem> Check(ModuleMetadata module, DocSet docs, CheckOptions? options = null)
        {
            var problems = new List<Problem>(docs.ParseProblems);
            foreach (var cmdlet in module.Cmdlets)
            {
                var doc = docs.Find(cmdlet.Name);
                if (doc == null)
                    problems.Add(new Problem(Path.Combine(docs.Directory, cmdlet.Name + ".md"), 0, Rules.MissingDoc, null,
                        $"cmdlet {cmdlet.Name} ({cmdlet.TypeName}) has no doc; run 'new --cmdlet {cmdlet.Name}' to write a skeleton"));
                else
                    problems.AddRange(CheckDoc(cmdlet, doc, module.HelpFileName, options));
            }
            foreach (var doc in docs.Docs)
                if (module.FindCmdlet(DocSet.CommandName(doc)) == null)
                    problems.Add(new Problem(doc.Path, doc.NameLine, Rules.OrphanDoc, null,
                        $"doc for {DocSet.CommandName(doc)} but {Path.GetFileName(module.AssemblyPath)} has no such cmdlet"));
            return problems.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToList();
        }

        /// <summary>Checks one doc against its cmdlet.</summary>
        public static List<Problem> CheckDoc(CmdletMetadata cmdlet, CommandDoc doc, string helpFileName, CheckOptions? options = null)
        {
            options ??= new CheckOptions();
            var problems = new List<Problem>();
            void Add(int line, string rule, string? parameter, string message) =>
                problems.Add(new Problem(doc.Path, line, rule, parameter, message));

            CheckFile(cmdlet, doc, helpFileName, Add);
            CheckProse(doc, options, Add);
            CheckSyntax(cmdlet, doc, Add);
            CheckParameters(cmdlet, doc, options, Add);
            return problems;
        }

        private static void CheckFile(CmdletMetadata cmdlet, CommandDoc doc, string helpFileName, Action<int, string, string?, string> add)
        {
            var fileName = Path.GetFileNameWithoutExtension(doc.Path);
            if (!string.Equals(fileName, cmdlet.Name, StringComparison.OrdinalIgnoreCase))
                add(doc.NameLine, Rules.FileName, null, $"the doc for {cmdlet.Name} must be named {cmdlet.Name}.md");
            if (doc.FrontMatter.Count == 0) return; // reported by the parser
            var schema = doc.FrontMatterValue("schema");
            if (schema != "2.0.0")
                add(1, Rules.FrontMatter, null, $"front matter 'schema' is '{schema}', expected 2.0.0");
            var external = doc.FrontMatterValue("external help file");
            if (!string.Equals(external, helpFileName, StringComparison.OrdinalIgnoreCase))
                add(1, Rules.FrontMatter, null, $"front matter 'external help file' is '{external}', expected {helpFileName}");
        }

        private static void CheckProse(CommandDoc doc, CheckOptions options, Action<int, string, string?, string> add)
        {
            if (doc.Synopsis == null || doc.Synopsis.IsEmpty)
                add(doc.Synopsis?.Line ?? doc.NameLine, Rules.EmptySynopsis, null, "SYNOPSIS is empty or missing");
            if (doc.Description == null || doc.Description.IsEmpty)
                add(doc.Description?.Line ?? doc.NameLine, Rules.EmptyDescription, null, "DESCRIPTION is empty or missing");
            if (doc.Examples == null || doc.Examples.Count == 0)
                add(doc.Examples == null ? doc.NameLine : doc.ExamplesLine, Rules.NoExample, null, "no example: add '### Example 1: …' with a code block under ## EXAMPLES");
            foreach (var e in doc.Examples ?? new List<ExampleDoc>())
                if (e.Code.All(c => c.Trim().Length == 0))
                    add(e.Line, Rules.ExampleCode, null, $"example '{e.Title}' has no code block");

            if (options.AllowPlaceholders) return;
            void Placeholder(DocText? text, string what, string? parameter = null)
            {
                if (text != null && text.HasPlaceholder) add(text.Line, Rules.Placeholder, parameter, $"{what} still holds a skeleton placeholder {{{{ … }}}}");
            }
            Placeholder(doc.Synopsis, "SYNOPSIS");
            Placeholder(doc.Description, "DESCRIPTION");
            foreach (var e in doc.Examples ?? new List<ExampleDoc>())
                if (e.Body.HasPlaceholder || e.Code.Any(DocText.HasPlaceholderText))
                    add(e.Line, Rules.Placeholder, null, $"example '{e.Title}' still holds a skeleton placeholder {{{{ … }}}}");
            foreach (var p in doc.Parameters) Placeholder(p.Description, "the description", p.Name);
            foreach (var t in doc.Inputs.Concat(doc.Outputs)) Placeholder(t.Description, $"the description of {t.Name}");
            Placeholder(doc.Notes, "NOTES");
        }

        private static void CheckSyntax(CmdletMetadata cmdlet, CommandDoc doc, Action<int, string, string?, string> add)
        {
            var line = doc.Syntax.Count > 0 ? doc.Syntax[0].Line : doc.NameLine;
            var onlyAll = cmdlet.ParameterSetNames.Count == 1 && cmdlet.ParameterSetNames[0] == ParameterSetBinding.AllSets;
            foreach (var set in cmdlet.ParameterSetNames)
            {
                var expected = cmdlet.SyntaxText(set);
                var entry = doc.Syntax.FirstOrDefault(s => SyntaxText.SameSet(s, set));
                var label = onlyAll ? "SYNTAX" : $"SYNTAX for set '{set}'";
                if (entry == null) { add(line, Rules.Syntax, null, $"{label} is missing; expected: {expected}"); continue; }
                if (!SyntaxText.Equivalent(entry.Code, expected))
                    add(entry.Line, Rules.Syntax, null, $"{label} differs from the code; expected: {expected}");
                var isDefault = string.Equals(set, cmdlet.DefaultParameterSetName, StringComparison.OrdinalIgnoreCase);
                if (!onlyAll && entry.IsDefault != isDefault)
                    add(entry.Line, Rules.Syntax, null, isDefault ? $"{label} must be marked (Default)" : $"{label} is marked (Default) but the default set is '{cmdlet.DefaultParameterSetName}'");
            }
            foreach (var s in doc.Syntax)
                if (!cmdlet.ParameterSetNames.Any(set => SyntaxText.SameSet(s, set)))
                    add(s.Line, Rules.Syntax, null, $"SYNTAX has set '{s.SetName ?? "(unnamed)"}' which the cmdlet does not have");
        }

        private static void CheckParameters(CmdletMetadata cmdlet, CommandDoc doc, CheckOptions options, Action<int, string, string?, string> add)
        {
            var missingLine = doc.ParametersLine > 0 ? doc.ParametersLine : doc.NameLine;
            foreach (var p in cmdlet.Parameters)
            {
                if (doc.FindParameter(p.Name) != null) continue;
                if (p.IsShouldProcessParameter)
                    add(missingLine, Rules.ShouldProcess, p.Name, $"{cmdlet.Name} supports ShouldProcess, so -{p.Name} must be documented");
                else
                    add(missingLine, Rules.MissingParameter, p.Name, $"parameter of {cmdlet.Name} is not documented");
            }
            foreach (var pd in doc.Parameters)
            {
                var p = cmdlet.FindParameter(pd.Name);
                if (p == null)
                {
                    var sp = string.Equals(pd.Name, "WhatIf", StringComparison.OrdinalIgnoreCase) || string.Equals(pd.Name, "Confirm", StringComparison.OrdinalIgnoreCase);
                    if (sp) add(pd.Line, Rules.ShouldProcess, pd.Name, $"documented, but {cmdlet.Name} does not declare SupportsShouldProcess");
                    else add(pd.Line, Rules.ExtraParameter, pd.Name, $"documented, but {cmdlet.Name} has no such parameter");
                    continue;
                }
                if (pd.Description.IsEmpty) add(pd.Line, Rules.ParameterDescription, pd.Name, "has no description");
                if (pd.Blocks.Count > 0) CompareParameter(p, pd, add);
            }
        }

        private static string List(IEnumerable<string> items)
        {
            var l = items.ToList();
            return l.Count == 0 ? "None" : string.Join(", ", l);
        }

        private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) =>
            new HashSet<string>(a, StringComparer.OrdinalIgnoreCase).SetEquals(b);

        private static void CompareParameter(ParameterMetadata p, ParameterDoc pd, Action<int, string, string?, string> add)
        {
            var reported = new HashSet<string>();
            void Once(int line, string rule, string message) { if (reported.Add(rule + "|" + message)) add(line, rule, p.Name, message); }

            foreach (var block in pd.Blocks)
            {
                if (block.Type == null) Once(block.Line, Rules.ParameterType, $"the yaml block has no Type; the code says '{p.Type.Friendly}'");
                else if (!p.Type.Matches(block.Type)) Once(block.Line, Rules.ParameterType, $"Type is '{block.Type}' in the doc but '{p.Type.Friendly}' in the code");
                if (!SameSet(block.Aliases, p.Aliases))
                    Once(block.Line, Rules.ParameterAliases, $"Aliases are '{List(block.Aliases)}' in the doc but '{List(p.Aliases)}' in the code");
                if (block.Wildcards != p.SupportsWildcards)
                    Once(block.Line, Rules.ParameterWildcards, $"Accept wildcard characters is {block.Wildcards} in the doc but the code {(p.SupportsWildcards ? "has" : "has no")} [SupportsWildcards]");
                if (!SameSet(block.AcceptedValues, p.AcceptedValues))
                    Once(block.Line, Rules.ParameterValues, $"Accepted values are '{List(block.AcceptedValues)}' in the doc but '{List(p.AcceptedValues)}' in the code ([ValidateSet])");

                foreach (var set in block.Sets)
                {
                    var binding = p.Bindings.FirstOrDefault(b => string.Equals(b.DocSetName, set, StringComparison.OrdinalIgnoreCase));
                    if (binding == null) continue; // reported as a Parameter Sets difference below
                    var where = binding.IsAllSets ? "" : $" in set '{binding.SetName}'";
                    if (block.Required != binding.Mandatory)
                        Once(block.Line, Rules.ParameterRequired, $"Required is {block.Required} in the doc but {binding.Mandatory} in the code{where}");
                    if (block.Position != binding.Position)
                        Once(block.Line, Rules.ParameterPosition, $"Position is {PositionText(block.Position)} in the doc but {binding.PositionText} in the code{where}");
                    if (block.ByValue != binding.ValueFromPipeline || block.ByPropertyName != binding.ValueFromPipelineByPropertyName)
                        Once(block.Line, Rules.ParameterPipeline,
                            $"Accept pipeline input is '{ParameterSetBinding.PipelineText(block.ByValue, block.ByPropertyName)}' in the doc but '{binding.PipelineInputText}' in the code{where}");
                }
            }

            var docSets = pd.Blocks.SelectMany(b => b.Sets).ToList();
            if (!SameSet(docSets, p.DocSetNames))
                Once(pd.Blocks[0].Line, Rules.ParameterSets, $"Parameter Sets are '{List(docSets.Distinct(StringComparer.OrdinalIgnoreCase))}' in the doc but '{List(p.DocSetNames)}' in the code");
        }

        private static string PositionText(int? position) => position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "Named";
    }
}
