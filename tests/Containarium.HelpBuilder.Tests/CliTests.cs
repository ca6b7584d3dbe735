using Xunit;

namespace Containarium.HelpBuilder.Tests
{
    public class CliTests
    {
        [Fact]
        public void No_arguments_prints_usage_and_fails()
        {
            var r = TestPaths.Run();
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("build  --docs <dir>", r.Err);
        }

        [Fact]
        public void Help_prints_usage()
        {
            var r = TestPaths.Run("--help");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("check  --docs <dir>", r.Out);
        }

        [Theory]
        [InlineData("unknown command 'frobnicate'", "frobnicate")]
        [InlineData("unknown option '--doc'", "check", "--doc", "x")]
        [InlineData("option '--assembly' is required", "check", "--docs", "x")]
        [InlineData("option '--docs' needs a value", "check", "--docs")]
        [InlineData("give exactly one of --cmdlet <Name> and --all", "new", "--assembly", "FIXTURE", "--out", "x")]
        public void Usage_errors_exit_2_with_a_reason(string expected, params string[] args)
        {
            for (var i = 0; i < args.Length; i++) if (args[i] == "FIXTURE") args[i] = TestPaths.FixtureAssembly;
            var r = TestPaths.Run(args);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(expected, r.Err);
        }

        [Fact]
        public void Unreadable_inputs_exit_2()
        {
            var missingDll = TestPaths.Run("check", "--docs", TestPaths.GoodDocs, "--assembly", "/nonexistent/M.dll");
            Assert.Equal(2, missingDll.ExitCode);
            Assert.Contains("M.dll: assembly not found", missingDll.Err);

            var missingDocs = TestPaths.Run("check", "--docs", "/nonexistent/docs", "--assembly", TestPaths.FixtureAssembly);
            Assert.Equal(2, missingDocs.ExitCode);
            Assert.Contains("docs folder not found", missingDocs.Err);

            var notDotNet = System.IO.Path.Combine(TestPaths.NewTempDir(), "Bad.dll");
            System.IO.File.WriteAllText(notDotNet, "not a PE file");
            var bad = TestPaths.Run("check", "--docs", TestPaths.GoodDocs, "--assembly", notDotNet);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("not a .NET assembly", bad.Err);
        }
    }
}
