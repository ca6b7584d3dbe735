using System.Collections.Generic;
using System.IO;
using System.Linq;
using Containarium.HelpBuilder.Docs;
using Xunit;

namespace Containarium.HelpBuilder.Tests
{
    public class DocParserTests
    {
        private static CommandDoc ParseGood(string name, out List<Problem> problems)
        {
            problems = new List<Problem>();
            return DocParser.ParseFile(Path.Combine(TestPaths.GoodDocs, name + ".md"), problems);
        }

        [Fact]
        public void Reads_front_matter_name_synopsis_and_description()
        {
            var doc = ParseGood("Get-FixtureItem", out var problems);
            Assert.Empty(problems);
            Assert.Equal("HelpFixture.Cmdlets.dll-Help.xml", doc.FrontMatterValue("external help file"));
            Assert.Equal("HelpFixture.Cmdlets", doc.FrontMatterValue("module name"));
            Assert.Equal("https://example.invalid/help/get-fixtureitem", doc.FrontMatterValue("online version"));
            Assert.Equal("2.0.0", doc.FrontMatterValue("schema"));
            Assert.Equal("Get-FixtureItem", doc.Name);
            Assert.Equal(8, doc.NameLine);
            Assert.Equal("Gets fixture items by name or by id.", doc.Synopsis!.Markdown);
            Assert.StartsWith("The Get-FixtureItem cmdlet returns", doc.Description!.Markdown);
            Assert.Contains("- An unknown id is an error.", doc.Description.Markdown);
            Assert.Equal("The fixture store lives in memory.", doc.Notes!.Markdown);
        }

        [Fact]
        public void Reads_syntax_sets()
        {
            var doc = ParseGood("Get-FixtureItem", out _);
            Assert.Equal(new[] { "ByName", "ById" }, doc.Syntax.Select(s => s.SetName));
            Assert.True(doc.Syntax[0].IsDefault);
            Assert.False(doc.Syntax[1].IsDefault);
            Assert.StartsWith("Get-FixtureItem -Id <Int32>", doc.Syntax[1].Code);

            var remove = ParseGood("Remove-FixtureItem", out _);
            var only = Assert.Single(remove.Syntax);
            Assert.Null(only.SetName);
        }

        [Fact]
        public void Reads_examples_with_introduction_code_and_remarks()
        {
            var doc = ParseGood("Get-FixtureItem", out _);
            Assert.Equal(2, doc.Examples!.Count);
            var first = doc.Examples[0];
            Assert.Equal("Example 1: Get items by wildcard", first.Title);
            Assert.Equal(new[] { "Get-FixtureItem -Name 'alpha*'" }, first.Code);
            Assert.Equal("Returns every item whose name starts with alpha.", first.Remarks.Markdown);
            Assert.True(first.Introduction.IsEmpty);
            var second = doc.Examples[1];
            Assert.Equal("Names can come from a file.", second.Introduction.Markdown);
            Assert.Equal("Get-Content names.txt | Get-FixtureItem -Detailed", Assert.Single(second.Code));
        }

        [Fact]
        public void Reads_parameters_and_their_yaml()
        {
            var doc = ParseGood("Set-FixtureItem", out _);
            Assert.Equal(new[] { "Backend", "Confirm", "InputObject", "Name", "PassThru", "Priority", "Secret", "Value", "WhatIf" },
                doc.Parameters.Select(p => p.Name));
            Assert.True(doc.HasCommonParameters);

            var value = doc.FindParameter("value")!;
            Assert.Equal("The new value.", value.Description.Markdown);
            Assert.Equal(2, value.Blocks.Count);
            Assert.Equal(new[] { "ByName" }, value.Blocks[0].Sets);
            Assert.True(value.Blocks[0].Required);
            Assert.Equal(1, value.Blocks[0].Position);
            Assert.False(value.Blocks[1].Required);
            Assert.Null(value.Blocks[1].Position);

            var priority = doc.FindParameter("Priority")!.Blocks[0];
            Assert.Equal(new[] { "Low", "High" }, priority.AcceptedValues);
            Assert.Equal("String", priority.Type);

            var input = doc.FindParameter("InputObject")!.Blocks[0];
            Assert.True(input.ByValue);
            Assert.False(input.ByPropertyName);
            Assert.Empty(input.Aliases);

            var name = ParseGood("Get-FixtureItem", out _).FindParameter("Name")!.Blocks[0];
            Assert.True(name.ByValue && name.ByPropertyName && name.Wildcards);
            Assert.Equal(new[] { "ItemName" }, name.Aliases);
            Assert.Equal("All items", name.DefaultValue);
        }

        [Fact]
        public void Reads_inputs_outputs_and_links()
        {
            var doc = ParseGood("Get-FixtureItem", out _);
            Assert.Equal(new[] { "System.String[]", "System.Int32" }, doc.Inputs.Select(i => i.Name));
            Assert.Equal("Item names.", doc.Inputs[0].Description.Markdown);
            Assert.Equal("HelpFixture.FixtureItem", Assert.Single(doc.Outputs).Name);
            Assert.Equal(2, doc.Links.Count);
            Assert.Equal("Set-FixtureItem", doc.Links[0].Text);
            Assert.False(doc.Links[0].IsAbsolute);
            Assert.Equal("https://example.invalid/guide", doc.Links[1].Uri);
            Assert.True(doc.Links[1].IsAbsolute);
        }

        [Fact]
        public void Structure_errors_are_reported_with_line_and_parameter()
        {
            var problems = new List<Problem>();
            DocParser.ParseFile(Path.Combine(TestPaths.BrokenDocs, "Get-FixtureGhost.md"), problems);
            Assert.All(problems, p => Assert.Equal(Rules.Parse, p.Rule));
            Assert.Contains(problems, p => p.Line == 16 && p.Message.Contains("## EXTRA"));
            Assert.Contains(problems, p => p.Parameter == "Name" && p.Message.Contains("unknown yaml key 'Typo'"));
            Assert.Contains(problems, p => p.Parameter == "Name" && p.Message.Contains("Position must be a number or Named"));
            Assert.Equal(3, problems.Count);
        }

        [Theory]
        [InlineData("Accept pipeline input: Maybe", "Accept pipeline input must be")]
        [InlineData("Required: yes", "Required must be True or False")]
        [InlineData("not a key value line", "is not 'Key: value'")]
        public void Bad_yaml_values_are_parse_problems(string line, string expected)
        {
            var text = "---\nschema: 2.0.0\n---\n\n# Get-X\n\n## PARAMETERS\n\n### -A\nText.\n\n```yaml\nType: String\n" + line + "\n```\n";
            var problems = new List<Problem>();
            DocParser.Parse(text, "Get-X.md", problems);
            var p = Assert.Single(problems);
            Assert.Contains(expected, p.Message);
            Assert.Equal("A", p.Parameter);
            Assert.Equal(14, p.Line);
        }

        [Fact]
        public void A_doc_without_front_matter_or_name_is_reported()
        {
            var problems = new List<Problem>();
            DocParser.Parse("## SYNOPSIS\nx\n", "x.md", problems);
            Assert.Contains(problems, p => p.Rule == Rules.FrontMatter);
            Assert.Contains(problems, p => p.Rule == Rules.Parse && p.Message.Contains("# <Command-Name>"));
        }
    }
}
