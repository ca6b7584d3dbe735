using System.Collections.Generic;
using System.IO;
using System.Linq;
using Containarium.HelpBuilder.Checks;
using Containarium.HelpBuilder.Docs;
using Containarium.HelpBuilder.Metadata;
using Xunit;

namespace Containarium.HelpBuilder.Tests
{
    public class DriftCheckerTests
    {
        private static readonly ModuleMetadata Module = ModuleMetadataReader.Read(TestPaths.FixtureAssembly);
        private static readonly List<Problem> Broken = DriftChecker.Check(Module, DocSet.Load(TestPaths.BrokenDocs));

        [Fact]
        public void Correct_docs_have_no_problems()
        {
            var problems = DriftChecker.Check(Module, DocSet.Load(TestPaths.GoodDocs));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        // Every rule fires on the deliberately broken docs, naming the file and (where there is one) the parameter.
        [Theory]
        [InlineData(Rules.MissingDoc, "Remove-FixtureItem.md", null)]
        [InlineData(Rules.OrphanDoc, "Get-FixtureGhost.md", null)]
        [InlineData(Rules.Parse, "Get-FixtureGhost.md", "Name")]
        [InlineData(Rules.MissingParameter, "Get-FixtureItem.md", "Detailed")]
        [InlineData(Rules.ExtraParameter, "Get-FixtureItem.md", "Ghost")]
        [InlineData(Rules.ParameterType, "Get-FixtureItem.md", "Name")]
        [InlineData(Rules.ParameterAliases, "Get-FixtureItem.md", "Name")]
        [InlineData(Rules.ParameterPosition, "Get-FixtureItem.md", "Name")]
        [InlineData(Rules.ParameterPipeline, "Get-FixtureItem.md", "Name")]
        [InlineData(Rules.ParameterWildcards, "Get-FixtureItem.md", "Name")]
        [InlineData(Rules.ParameterRequired, "Get-FixtureItem.md", "Id")]
        [InlineData(Rules.ParameterSets, "Get-FixtureItem.md", "Id")]
        [InlineData(Rules.ParameterRequired, "Set-FixtureItem.md", "Value")]
        [InlineData(Rules.ParameterValues, "Set-FixtureItem.md", "Priority")]
        [InlineData(Rules.ParameterDescription, "Set-FixtureItem.md", "Backend")]
        [InlineData(Rules.ShouldProcess, "Get-FixtureItem.md", "WhatIf")]
        [InlineData(Rules.ShouldProcess, "Set-FixtureItem.md", "Confirm")]
        [InlineData(Rules.Syntax, "Get-FixtureItem.md", null)]
        [InlineData(Rules.NoExample, "Get-FixtureItem.md", null)]
        [InlineData(Rules.ExampleCode, "Set-FixtureItem.md", null)]
        [InlineData(Rules.EmptySynopsis, "Set-FixtureItem.md", null)]
        [InlineData(Rules.EmptyDescription, "Set-FixtureItem.md", null)]
        [InlineData(Rules.FrontMatter, "Set-FixtureItem.md", null)]
        [InlineData(Rules.Placeholder, "Set-FixtureItem.md", "Secret")]
        public void Each_rule_fires_with_file_and_parameter(string rule, string file, string? parameter)
        {
            var hits = Broken.Where(p => p.Rule == rule && Path.GetFileName(p.File) == file && p.Parameter == parameter).ToList();
            Assert.True(hits.Count > 0, $"no {rule} for {file} {parameter}; got:\n" + string.Join("\n", Broken));
            foreach (var hit in hits)
            {
                var line = hit.Format();
                Assert.Contains(file, line);
                Assert.Contains(" " + rule + ": ", line);
                if (parameter != null) Assert.Contains("-" + parameter + ":", line);
            }
        }

        [Fact]
        public void Problems_say_what_the_code_has()
        {
            string Message(string rule, string parameter) => Broken.Single(p => p.Rule == rule && p.Parameter == parameter && p.File.EndsWith("Get-FixtureItem.md")).Message;
            Assert.Equal("Type is 'String' in the doc but 'String[]' in the code", Message(Rules.ParameterType, "Name"));
            Assert.Equal("Aliases are 'None' in the doc but 'ItemName' in the code", Message(Rules.ParameterAliases, "Name"));
            Assert.Equal("Position is 1 in the doc but 0 in the code in set 'ByName'", Message(Rules.ParameterPosition, "Name"));
            Assert.Equal("Accept pipeline input is 'True (ByValue)' in the doc but 'True (ByValue, ByPropertyName)' in the code in set 'ByName'",
                Message(Rules.ParameterPipeline, "Name"));
            Assert.Equal("Parameter Sets are 'ById, ByName' in the doc but 'ById' in the code", Message(Rules.ParameterSets, "Id"));
        }

        [Fact]
        public void Problems_carry_the_line_of_the_yaml_block()
        {
            var type = Broken.Single(p => p.Rule == Rules.ParameterType && p.Parameter == "Name");
            var lines = File.ReadAllLines(type.File);
            Assert.Equal("```yaml", lines[type.Line - 1]);
            Assert.StartsWith(Problem.DisplayPath(type.File) + "(" + type.Line + "): error param-type: -Name: ", type.Format());
        }

        [Fact]
        public void Nothing_fires_twice_and_the_broken_set_has_no_surprises()
        {
            Assert.Equal(Broken.Count, Broken.Select(p => p.Format()).Distinct().Count());
            // The checks must not flag the parts of the broken docs that are right.
            Assert.DoesNotContain(Broken, p => p.Parameter == "PassThru" || p.Parameter == "Secret" && p.Rule != Rules.Placeholder);
            Assert.DoesNotContain(Broken, p => p.Parameter == "Backend" && p.Rule != Rules.ParameterDescription);
        }

        [Fact]
        public void A_doc_under_the_wrong_file_name_is_reported()
        {
            var dir = TestPaths.CopyDocs(TestPaths.GoodDocs);
            File.Move(Path.Combine(dir, "Remove-FixtureItem.md"), Path.Combine(dir, "Remove-Item.md"));
            var problems = DriftChecker.Check(Module, DocSet.Load(dir));
            var p = Assert.Single(problems);
            Assert.Equal(Rules.FileName, p.Rule);
            Assert.EndsWith("Remove-Item.md", p.File);
        }

        [Fact]
        public void Doc_types_may_be_written_in_full_and_set_names_in_any_case()
        {
            var dir = TestPaths.CopyDocs(TestPaths.GoodDocs);
            var path = Path.Combine(dir, "Get-FixtureItem.md");
            File.WriteAllText(path, File.ReadAllText(path)
                .Replace("Type: String[]", "Type: System.String[]")
                .Replace("Parameter Sets: ById", "Parameter Sets: byid"));
            var problems = DriftChecker.Check(Module, DocSet.Load(dir));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void The_check_command_prints_one_line_per_problem_and_exits_1()
        {
            var (code, stdout, _) = TestPaths.Run("check", "--docs", TestPaths.BrokenDocs, "--assembly", TestPaths.FixtureAssembly);
            Assert.Equal(1, code);
            var lines = stdout.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Broken.Count, lines.Length);
            Assert.Contains(lines, l => l.Contains("Get-FixtureItem.md(") && l.Contains("error param-type: -Name:"));

            var good = TestPaths.Run("check", "--docs", TestPaths.GoodDocs, "--assembly", TestPaths.FixtureAssembly);
            Assert.Equal(0, good.ExitCode);
            Assert.Equal("", good.Out);
            Assert.Contains("no problems", good.Err);
        }
    }
}
