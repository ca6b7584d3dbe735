using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Containarium.HelpBuilder.Cli;

namespace Containarium.HelpBuilder.Tests
{
    /// <summary>Where the fixture module and docs are, and a way to run the CLI in-process.</summary>
    internal static class TestPaths
    {
        private static string Metadata(string key) =>
            typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

        /// <summary>The fixture module as built (never loaded into this process).</summary>
        public static string FixtureAssembly => Path.GetFullPath(Metadata("FixtureAssembly"));

        public static string RepositoryRoot => Metadata("RepositoryRoot");

        public static string DocsRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures", "docs");
        public static string GoodDocs => Path.Combine(DocsRoot, "good");
        public static string BrokenDocs => Path.Combine(DocsRoot, "broken");
        public static string AboutFile => Path.Combine(DocsRoot, "about_HelpFixture.md");

        private static readonly Lazy<string> RunRoot = new Lazy<string>(() =>
        {
            var root = Path.Combine(Path.GetTempPath(), "ctr-help-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(root);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
            return root;
        });

        /// <summary>A fresh empty folder under this test run's temp folder (removed when the run ends).</summary>
        public static string NewTempDir()
        {
            var dir = Path.Combine(RunRoot.Value, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }

        /// <summary>A temp copy of a docs folder, to change freely.</summary>
        public static string CopyDocs(string from)
        {
            var dir = NewTempDir();
            foreach (var f in Directory.GetFiles(from, "*.md")) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            return dir;
        }

        public static (int ExitCode, string Out, string Err) Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = new HelpCli(stdout, stderr).Run(args);
            return (code, stdout.ToString(), stderr.ToString());
        }
    }
}
