using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Containarium.HelpBuilder.Checks;
using Containarium.HelpBuilder.Docs;
using Containarium.HelpBuilder.Metadata;
using Xunit;

namespace Containarium.HelpBuilder.Tests
{
    public class SkeletonTests
    {
        private static readonly ModuleMetadata Module = ModuleMetadataReader.Read(TestPaths.FixtureAssembly);

        private static string NewSkeletons()
        {
            var dir = TestPaths.NewTempDir();
            var (code, stdout, stderr) = TestPaths.Run("new", "--assembly", TestPaths.FixtureAssembly, "--all", "--out", dir);
            Assert.True(code == 0, stderr);
            Assert.Equal(3, stdout.Split('\n').Count(l => l.StartsWith("wrote ")));
            return dir;
        }

        [Fact]
        public void Skeletons_round_trip_through_check()
        {
            var dir = NewSkeletons();
            var docs = DocSet.Load(dir);
            Assert.Empty(docs.ParseProblems);

            // Nothing drifts: with placeholders accepted the skeletons are clean.
            var lenient = DriftChecker.Check(Module, docs, new CheckOptions { AllowPlaceholders = true });
            Assert.True(lenient.Count == 0, string.Join("\n", lenient));

            // By default every unfilled placeholder is flagged, and nothing else.
            var strict = DriftChecker.Check(Module, docs);
            Assert.NotEmpty(strict);
            Assert.All(strict, p => Assert.Equal(Rules.Placeholder, p.Rule));
            Assert.Contains(strict, p => p.Parameter == "Backend" && p.File.EndsWith("Get-FixtureItem.md"));
            Assert.DoesNotContain(strict, p => p.Parameter == "WhatIf"); // standard text, not a placeholder

            // Filled in, they pass the full check and the CLI agrees.
            foreach (var f in Directory.GetFiles(dir))
                File.WriteAllText(f, Regex.Replace(File.ReadAllText(f), @"\{\{ (.*?) \}\}", "Written: $1."));
            Assert.Empty(DriftChecker.Check(Module, DocSet.Load(dir)));
            Assert.Equal(0, TestPaths.Run("check", "--docs", dir, "--assembly", TestPaths.FixtureAssembly).ExitCode);
        }

        [Fact]
        public void A_skeleton_has_the_PlatyPS_layout()
        {
            var text = File.ReadAllText(Path.Combine(NewSkeletons(), "Set-FixtureItem.md"));
            Assert.StartsWith("---\nexternal help file: HelpFixture.Cmdlets.dll-Help.xml\nModule Name: HelpFixture.Cmdlets\nonline version:\nschema: 2.0.0\n---\n\n# Set-FixtureItem\n", text);
            Assert.Contains("### ByName (Default)\n```\nSet-FixtureItem [-Name] <String> [-Value] <String>", text);
            Assert.Contains("### ByObject\n", text);
            Assert.Contains("Accepted values: Low, High\n", text);
            Assert.Contains("Type: HelpFixture.FixtureItem\nParameter Sets: ByObject\nAliases: None\n\nRequired: True\nPosition: Named\nDefault value: None\nAccept pipeline input: True (ByValue)\n", text);
            Assert.Equal(2, Regex.Matches(text, @"### -Value\n(.|\n)*?### -WhatIf").Cast<Match>().Single().Value.Split("```yaml").Length - 1);
            Assert.Contains("### CommonParameters", text);
            Assert.Contains("## OUTPUTS\n\n### HelpFixture.FixtureItem", text);
        }

        [Fact]
        public void New_keeps_existing_docs_unless_forced()
        {
            var dir = TestPaths.NewTempDir();
            var path = Path.Combine(dir, "Get-FixtureItem.md");
            File.WriteAllText(path, "mine");
            var kept = TestPaths.Run("new", "--assembly", TestPaths.FixtureAssembly, "--cmdlet", "Get-FixtureItem", "--out", dir);
            Assert.Equal(1, kept.ExitCode);
            Assert.Contains("kept", kept.Out);
            Assert.Equal("mine", File.ReadAllText(path));

            var all = TestPaths.Run("new", "--assembly", TestPaths.FixtureAssembly, "--all", "--out", dir);
            Assert.Equal(0, all.ExitCode);
            Assert.Equal("mine", File.ReadAllText(path));
            Assert.True(File.Exists(Path.Combine(dir, "Set-FixtureItem.md")));

            var forced = TestPaths.Run("new", "--assembly", TestPaths.FixtureAssembly, "--cmdlet", "get-fixtureitem", "--out", dir, "--force");
            Assert.Equal(0, forced.ExitCode);
            Assert.StartsWith("---", File.ReadAllText(path));
        }

        [Fact]
        public void New_names_the_cmdlets_when_one_is_unknown()
        {
            var r = TestPaths.Run("new", "--assembly", TestPaths.FixtureAssembly, "--cmdlet", "Get-Nothing", "--out", TestPaths.NewTempDir());
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("Get-FixtureItem, Remove-FixtureItem, Set-FixtureItem", r.Err);
        }

        [Fact]
        public void Update_brings_a_drifted_doc_back_and_keeps_the_prose()
        {
            var dir = TestPaths.CopyDocs(TestPaths.BrokenDocs);
            File.Delete(Path.Combine(dir, "Get-FixtureGhost.md"));
            var r = TestPaths.Run("update", "--assembly", TestPaths.FixtureAssembly, "--docs", dir, "--all");
            Assert.True(r.ExitCode == 0, r.Out + r.Err);
            Assert.Contains("added -Detailed", r.Out);
            Assert.Contains("removed -Ghost", r.Out);
            Assert.Contains("removed -WhatIf", r.Out);
            Assert.Contains("Remove-FixtureItem: no doc", r.Out);

            var text = File.ReadAllText(Path.Combine(dir, "Get-FixtureItem.md"));
            Assert.Contains("Names of the items to get. Wildcards are allowed.", text);
            Assert.Contains("Default value: All items", text);
            Assert.Contains("### -Detailed\n{{ Fill Detailed Description }}", text);
            Assert.Contains("### ById\n", text);
            Assert.Contains("[Fixture guide](https://example.invalid/guide)", text);

            // What update can fix is fixed: what remains is prose for people to write.
            var problems = DriftChecker.Check(Module, DocSet.Load(dir));
            var rules = problems.Select(p => p.Rule).Distinct().OrderBy(x => x).ToList();
            Assert.True(rules.All(x => x is Rules.MissingDoc or Rules.Placeholder or Rules.NoExample or Rules.ExampleCode
                or Rules.EmptySynopsis or Rules.EmptyDescription or Rules.ParameterDescription), string.Join("\n", problems));

            // A second update changes nothing.
            var again = TestPaths.Run("update", "--assembly", TestPaths.FixtureAssembly, "--docs", dir, "--cmdlet", "Get-FixtureItem");
            Assert.Contains("up to date", again.Out);
        }

        [Fact]
        public void Update_leaves_a_doc_with_structure_errors_alone()
        {
            var dir = TestPaths.CopyDocs(TestPaths.GoodDocs);
            var path = Path.Combine(dir, "Remove-FixtureItem.md");
            var broken = File.ReadAllText(path).Replace("## NOTES", "## REMARKS");
            File.WriteAllText(path, broken);
            var r = TestPaths.Run("update", "--assembly", TestPaths.FixtureAssembly, "--docs", dir, "--cmdlet", "Remove-FixtureItem");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("not updated", r.Err);
            Assert.Equal(broken, File.ReadAllText(path));
        }

        [Fact]
        public void Update_of_a_correct_doc_changes_nothing()
        {
            var dir = TestPaths.CopyDocs(TestPaths.GoodDocs);
            var r = TestPaths.Run("update", "--assembly", TestPaths.FixtureAssembly, "--docs", dir, "--all");
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(3, r.Out.Split('\n').Count(l => l.EndsWith(": up to date")));
            foreach (var f in Directory.GetFiles(TestPaths.GoodDocs))
                Assert.Equal(File.ReadAllText(f), File.ReadAllText(Path.Combine(dir, Path.GetFileName(f))));
        }
    }
}
