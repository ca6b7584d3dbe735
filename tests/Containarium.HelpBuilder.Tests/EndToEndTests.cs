using System;
using System.IO;
using Xunit;

namespace Containarium.HelpBuilder.Tests
{
    /// <summary>Publishes the fixture module (which imports build/Help.targets, as the real module does), then
    /// loads it in real pwsh 7.6.9 and reads the help back with Get-Help.</summary>
    public sealed class PublishedModule
    {
        public PublishedModule()
        {
            Dir = TestPaths.NewTempDir();
            var project = Path.Combine(TestPaths.RepositoryRoot, "tests", "Fixtures", "HelpFixture.Cmdlets", "HelpFixture.Cmdlets.csproj");
            Publish = ProcessRunner.Dotnet(TestPaths.RepositoryRoot, TimeSpan.FromMinutes(3),
                "publish", project, "-c", "Release", "-o", Dir, "-nologo");
        }

        public string Dir { get; }
        public (int ExitCode, string Out, string Err) Publish { get; }
    }

    public class EndToEndTests : IClassFixture<PublishedModule>
    {
        private static readonly Lazy<(int ExitCode, string Out, string Err)> ToolRestore = new Lazy<(int, string, string)>(() =>
            ProcessRunner.Dotnet(TestPaths.RepositoryRoot, TimeSpan.FromMinutes(2), "tool", "restore"));

        private readonly PublishedModule _module;

        public EndToEndTests(PublishedModule module) { _module = module; }

        private string HelpFile => Path.Combine(_module.Dir, "en-US", "HelpFixture.Cmdlets.dll-Help.xml");

        [Fact]
        public void Publishing_runs_Help_targets_into_en_US()
        {
            Assert.True(_module.Publish.ExitCode == 0, _module.Publish.Out + _module.Publish.Err);
            Assert.True(File.Exists(HelpFile), _module.Publish.Out);
            Assert.True(File.Exists(Path.Combine(_module.Dir, "en-US", "about_HelpFixture.help.txt")));
            Assert.Contains("(3 of 3 cmdlets)", _module.Publish.Out);
        }

        /// <summary>Runs a script in pwsh (the repo's local dotnet tool) and returns its output.</summary>
        private string Pwsh(string script)
        {
            Assert.True(_module.Publish.ExitCode == 0, "publish failed: " + _module.Publish.Out + _module.Publish.Err);
            var restore = ToolRestore.Value;
            Assert.True(restore.ExitCode == 0, "dotnet tool restore: " + restore.Out + restore.Err);
            var file = Path.Combine(TestPaths.NewTempDir(), "help.ps1");
            File.WriteAllText(file, "$ErrorActionPreference = 'Stop'\nImport-Module '" + Path.Combine(_module.Dir, "HelpFixture.Cmdlets.dll").Replace("'", "''") + "'\n" + script);
            var r = ProcessRunner.Dotnet(TestPaths.RepositoryRoot, TimeSpan.FromMinutes(2), "pwsh", "-NoProfile", "-NonInteractive", "-File", file);
            Assert.True(r.ExitCode == 0, "pwsh failed: " + r.Out + r.Err);
            return r.Out.Replace("\r\n", "\n");
        }

        [Fact]
        public void Get_Help_shows_the_help_in_real_pwsh()
        {
            var output = Pwsh(string.Join("\n",
                "'===FULL==='", "Get-Help Set-FixtureItem -Full | Out-String -Width 250",
                "'===EXAMPLES==='", "Get-Help Get-FixtureItem -Examples | Out-String -Width 250",
                "'===PARAMETER==='", "Get-Help Get-FixtureItem -Parameter Name | Out-String -Width 250",
                "'===ABOUT==='", "Get-Help about_HelpFixture | Out-String -Width 250",
                "'===ONLINE==='", "(Get-Help Get-FixtureItem).relatedLinks.navigationLink[0].uri",
                // A second topic so that the wildcard lists topics (with the synopsis taken from SHORT DESCRIPTION).
                "$enUS = Join-Path (Get-Module HelpFixture.Cmdlets).ModuleBase en-US",
                "Copy-Item (Join-Path $enUS about_HelpFixture.help.txt) (Join-Path $enUS about_HelpFixtureCopy.help.txt)",
                "'===LIST==='", "Get-Help about_HelpFixture* | ForEach-Object { $_.Name + '|' + $_.Synopsis }"));
            var full = Section(output, "FULL");
            Assert.Contains("Sets the value of a fixture item.", full);                       // synopsis
            Assert.Contains("Set-FixtureItem [-Name] <String> [-Value] <String> [-Priority {Low | High}]", full); // syntax from the sets
            Assert.Contains("Set-FixtureItem -InputObject <HelpFixture.FixtureItem> [-Value <String>]", full);
            Assert.Contains("Set-FixtureItem changes an item's value.", full);                // description
            Assert.Contains("The item to change, usually from Get-FixtureItem.", full);       // a parameter description
            Assert.Contains("Accept pipeline input?       True (ByValue)", full);             // its attributes
            Assert.Contains("Set-FixtureItem -Name alpha -Value 42 -PassThru", full);         // an example
            Assert.Contains("With -PassThru, the changed item.", full);                       // outputs
            Assert.Contains("Get-FixtureItem", Section(output, "FULL").Substring(full.IndexOf("RELATED LINKS", StringComparison.Ordinal)));

            var examples = Section(output, "EXAMPLES");
            Assert.Contains("Example 1: Get items by wildcard", examples);
            Assert.Contains("Get-FixtureItem -Name 'alpha*'", examples);
            Assert.Contains("Get-Content names.txt | Get-FixtureItem -Detailed", examples);
            Assert.Contains("Returns every item whose name starts with alpha.", examples);
            Assert.DoesNotContain("PARAMETERS", examples);

            var parameter = Section(output, "PARAMETER");
            Assert.Contains("Names of the items to get. Wildcards are allowed.", parameter);
            Assert.Contains("Aliases                      ItemName", parameter);
            Assert.Contains("Accept wildcard characters?  true", parameter);

            Assert.Contains("SHORT DESCRIPTION\n    A fixture module for testing the help toolchain.", Section(output, "ABOUT"));
            Assert.Equal("https://example.invalid/help/get-fixtureitem", Section(output, "ONLINE").Trim());
            Assert.Contains("about_HelpFixture|A fixture module for testing the help toolchain.", Section(output, "LIST"));
        }

        private static string Section(string output, string name)
        {
            var start = output.IndexOf("===" + name + "===", StringComparison.Ordinal);
            Assert.True(start >= 0, "no section " + name + " in:\n" + output);
            start += name.Length + 6;
            var end = output.IndexOf("\n===", start, StringComparison.Ordinal);
            return end < 0 ? output.Substring(start) : output.Substring(start, end - start);
        }
    }
}
