using System.IO;
using System.Linq;
using System.Xml.Linq;
using Containarium.HelpBuilder.Output;
using Xunit;

namespace Containarium.HelpBuilder.Tests
{
    public class MamlTests
    {
        private static readonly XNamespace Msh = MamlWriter.MshNs;
        private static readonly XNamespace Maml = MamlWriter.MamlNs;
        private static readonly XNamespace Command = MamlWriter.CommandNs;
        private static readonly XNamespace Dev = MamlWriter.DevNs;

        private static (string Dir, XDocument Xml) BuildGood()
        {
            var dir = TestPaths.NewTempDir();
            var (code, stdout, stderr) = TestPaths.Run("build", "--docs", TestPaths.GoodDocs, "--about", TestPaths.AboutFile,
                "--assembly", TestPaths.FixtureAssembly, "--out", dir, "--strict");
            Assert.True(code == 0, stdout + stderr);
            Assert.Equal("", stderr);
            return (dir, XDocument.Load(Path.Combine(dir, "HelpFixture.Cmdlets.dll-Help.xml")));
        }

        private static XElement CommandElement(XDocument xml, string name) =>
            xml.Root!.Elements(Command + "command").Single(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == name);

        private static string[] Paras(XElement? description) =>
            description!.Elements(Maml + "para").Select(p => p.Value).ToArray();

        [Fact]
        public void Writes_well_formed_MAML_named_after_the_assembly()
        {
            var (dir, xml) = BuildGood();
            Assert.Equal(Msh + "helpItems", xml.Root!.Name);
            Assert.Equal("maml", xml.Root.Attribute("schema")!.Value);
            Assert.Equal(new[] { "Get-FixtureItem", "Remove-FixtureItem", "Set-FixtureItem" },
                xml.Root.Elements(Command + "command").Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value));
            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", File.ReadAllText(Path.Combine(dir, "HelpFixture.Cmdlets.dll-Help.xml")));
        }

        [Fact]
        public void Has_the_elements_in_PlatyPS_order()
        {
            var (_, xml) = BuildGood();
            var get = CommandElement(xml, "Get-FixtureItem");
            Assert.Equal(new[] { "details", "description", "syntax", "parameters", "inputTypes", "returnValues", "alertSet", "examples", "relatedLinks" },
                get.Elements().Select(e => e.Name.LocalName));
            var details = get.Element(Command + "details")!;
            Assert.Equal("Get", details.Element(Command + "verb")!.Value);
            Assert.Equal("FixtureItem", details.Element(Command + "noun")!.Value);
            Assert.Equal(new[] { "Gets fixture items by name or by id." }, Paras(details.Element(Maml + "description")));
        }

        [Fact]
        public void Prose_becomes_paragraphs_of_plain_text()
        {
            var (_, xml) = BuildGood();
            var description = Paras(CommandElement(xml, "Get-FixtureItem").Element(Maml + "description"));
            Assert.Equal(new[]
            {
                "The Get-FixtureItem cmdlet returns the items of the fixture store. Names may contain wildcards, and names can come from the pipeline.",
                "Use `-Id` to get exactly one item. See the guide (https://example.invalid/guide) for more.",
                "- Items are returned in name order.",
                "- An unknown id is an error.",
            }, description);
            Assert.Equal(new[] { "The fixture store lives in memory." },
                Paras(CommandElement(xml, "Get-FixtureItem").Element(Maml + "alertSet")!.Element(Maml + "alert")));
        }

        [Fact]
        public void Syntax_comes_from_the_parameter_sets()
        {
            var (_, xml) = BuildGood();
            var items = CommandElement(xml, "Set-FixtureItem").Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
            Assert.Equal(2, items.Count);
            string[] Names(XElement item) => item.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value).ToArray();
            Assert.Equal(new[] { "Name", "Value", "Priority", "Secret", "PassThru", "Backend", "WhatIf", "Confirm" }, Names(items[0]));
            Assert.Equal(new[] { "InputObject", "Value", "Priority", "Secret", "PassThru", "Backend", "WhatIf", "Confirm" }, Names(items[1]));

            // -Value binds differently per set.
            XElement Value(XElement item) => item.Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == "Value");
            Assert.Equal("true", Value(items[0]).Attribute("required")!.Value);
            Assert.Equal("1", Value(items[0]).Attribute("position")!.Value);
            Assert.Equal("false", Value(items[1]).Attribute("required")!.Value);
            Assert.Equal("named", Value(items[1]).Attribute("position")!.Value);

            // ValidateSet values appear in the syntax; switches have no value there.
            var priority = items[0].Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == "Priority");
            Assert.Equal(new[] { "Low", "High" }, priority.Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue").Select(v => v.Value));
            var passThru = items[0].Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == "PassThru");
            Assert.Null(passThru.Element(Command + "parameterValue"));

            var remove = CommandElement(xml, "Remove-FixtureItem").Element(Command + "syntax")!.Elements(Command + "syntaxItem");
            Assert.Single(remove);
        }

        [Fact]
        public void Parameters_carry_attributes_from_the_code_and_text_from_the_doc()
        {
            var (_, xml) = BuildGood();
            var parameters = CommandElement(xml, "Get-FixtureItem").Element(Command + "parameters")!.Elements(Command + "parameter").ToList();
            Assert.Equal(new[] { "Backend", "Detailed", "First", "Id", "IncludeTotalCount", "Name", "Skip" }, parameters.Select(p => p.Element(Maml + "name")!.Value));
            var name = parameters[5];
            Assert.Equal("false", name.Attribute("required")!.Value);
            Assert.Equal("0", name.Attribute("position")!.Value);
            Assert.Equal("true", name.Attribute("globbing")!.Value);
            Assert.Equal("True (ByValue, ByPropertyName)", name.Attribute("pipelineInput")!.Value);
            Assert.Equal("ItemName", name.Attribute("aliases")!.Value);
            Assert.Equal(new[] { "Names of the items to get. Wildcards are allowed." }, Paras(name.Element(Maml + "description")));
            Assert.Equal("String[]", name.Element(Command + "parameterValue")!.Value);
            Assert.Equal("String[]", name.Element(Dev + "type")!.Element(Maml + "name")!.Value);
            Assert.Equal("All items", name.Element(Dev + "defaultValue")!.Value);
            Assert.Equal("none", parameters[1].Attribute("aliases")!.Value);
            Assert.Equal("False", parameters[1].Element(Dev + "defaultValue")!.Value);
        }

        [Fact]
        public void Inputs_outputs_examples_and_links()
        {
            var (_, xml) = BuildGood();
            var get = CommandElement(xml, "Get-FixtureItem");
            Assert.Equal(new[] { "System.String[]", "System.Int32" },
                get.Element(Command + "inputTypes")!.Elements().Select(t => t.Element(Dev + "type")!.Element(Maml + "name")!.Value));
            Assert.Equal("HelpFixture.FixtureItem",
                get.Element(Command + "returnValues")!.Element(Command + "returnValue")!.Element(Dev + "type")!.Element(Maml + "name")!.Value);

            var examples = get.Element(Command + "examples")!.Elements(Command + "example").ToList();
            Assert.Equal(2, examples.Count);
            Assert.Equal("--------------- Example 1: Get items by wildcard ---------------", examples[0].Element(Maml + "title")!.Value);
            Assert.Equal(64, examples[0].Element(Maml + "title")!.Value.Length);
            Assert.Equal("Get-FixtureItem -Name 'alpha*'", examples[0].Element(Dev + "code")!.Value);
            // The introduction leads the remarks (Get-Help would glue maml:introduction to the code).
            Assert.Null(examples[1].Element(Maml + "introduction"));
            Assert.Equal(new[] { "Names can come from a file.", "Each line of names.txt is one name." },
                Paras(examples[1].Element(Dev + "remarks")));

            var links = get.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink")
                .Select(l => (l.Element(Maml + "linkText")!.Value, l.Element(Maml + "uri")!.Value)).ToList();
            Assert.Equal(new[]
            {
                ("Online Version:", "https://example.invalid/help/get-fixtureitem"),
                ("Set-FixtureItem", ""),
                ("Fixture guide", "https://example.invalid/guide"),
            }, links);
        }

        [Fact]
        public void The_about_topic_is_plain_text_in_the_classic_layout()
        {
            var (dir, _) = BuildGood();
            var text = File.ReadAllText(Path.Combine(dir, "about_HelpFixture.help.txt"));
            Assert.StartsWith("TOPIC\n    about_HelpFixture\n\nSHORT DESCRIPTION\n    A fixture module for testing the help toolchain.\n\nLONG DESCRIPTION\n", text);
            Assert.Contains("\n        Get-FixtureItem -Name 'alpha*'\n", text);
            Assert.Contains("\n    - First item of a list that is also long enough to wrap onto a second line\n      in the converted text file.\n", text);
            Assert.Contains("\nSEE ALSO\n    - Get-FixtureItem\n", text);
            Assert.All(text.Split('\n'), l => Assert.True(l.Length <= AboutWriter.Width, l));
        }

        [Fact]
        public void Drift_is_a_warning_unless_strict_and_structure_errors_always_fail()
        {
            var dir = TestPaths.CopyDocs(TestPaths.BrokenDocs);
            File.Delete(Path.Combine(dir, "Get-FixtureGhost.md")); // the one with structure errors
            var outDir = TestPaths.NewTempDir();
            var lenient = TestPaths.Run("build", "--docs", dir, "--assembly", TestPaths.FixtureAssembly, "--out", outDir);
            Assert.Equal(0, lenient.ExitCode);
            Assert.Contains("warning param-type: -Name:", lenient.Err);
            Assert.Contains("(2 of 3 cmdlets)", lenient.Out);

            var strictOut = TestPaths.NewTempDir();
            var strict = TestPaths.Run("build", "--docs", dir, "--assembly", TestPaths.FixtureAssembly, "--out", strictOut, "--strict");
            Assert.Equal(1, strict.ExitCode);
            Assert.Contains("error param-type: -Name:", strict.Err);
            Assert.Empty(Directory.GetFiles(strictOut));

            var parseOut = TestPaths.NewTempDir();
            var parse = TestPaths.Run("build", "--docs", TestPaths.BrokenDocs, "--assembly", TestPaths.FixtureAssembly, "--out", parseOut);
            Assert.Equal(1, parse.ExitCode);
            Assert.Contains("error parse:", parse.Err);
            Assert.Empty(Directory.GetFiles(parseOut));
        }

        [Fact]
        public void Example_titles_are_padded_like_PlatyPS()
        {
            Assert.Equal(64, MamlWriter.ExampleTitle("Example 1").Length);
            var longTitle = new string('x', 70);
            Assert.Equal(longTitle, MamlWriter.ExampleTitle(longTitle));
        }

        [Fact]
        public void The_PlatyPS_about_template_layout_converts_too()
        {
            var markdown = "# about_Thing\n\n## about_Thing\n\n# SHORT DESCRIPTION\nOne line.\n\n# LONG DESCRIPTION\nMore.\n\n## A subtopic\nText.\n";
            Assert.Equal("TOPIC\n    about_Thing\n\nSHORT DESCRIPTION\n    One line.\n\nLONG DESCRIPTION\n    More.\n\n    A subtopic\n    Text.\n",
                AboutWriter.Convert(markdown, "about_Thing"));
        }

        [Fact]
        public void A_pipe_table_becomes_one_entry_per_row_that_fits_the_width()
        {
            var markdown = "# about_Thing\n\n## SHORT DESCRIPTION\nOne line.\n\n## ERRORS\n\n| ErrorId | Category | Meaning |\n|---|---|---|\n" +
                "| `CtrGone` | ObjectNotFound | the thing is gone, and this sentence is long enough that it has to wrap onto a second line |\n" +
                "| `CtrPipe` | InvalidData | a cell may hold an escaped \\| pipe |\n";
            var text = AboutWriter.Convert(markdown, "about_Thing");
            Assert.Contains("\nERRORS\n    CtrGone\n        Category: ObjectNotFound\n        Meaning: the thing is gone,", text);
            Assert.Contains("\n            ", text); // the wrapped rest of the long meaning hangs under it
            Assert.Contains("\n    CtrPipe\n        Category: InvalidData\n        Meaning: a cell may hold an escaped | pipe\n", text);
            Assert.DoesNotContain("---", text);
            Assert.All(text.Split('\n'), l => Assert.True(l.Length <= AboutWriter.Width, l));
        }

        [Fact]
        public void Text_that_merely_starts_with_a_pipe_is_not_a_table()
        {
            Assert.False(Containarium.HelpBuilder.Docs.PipeTable.TryParse("| not a table\n| no separator row\n", out _));
        }
    }
}
