using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Containarium.HelpBuilder.Checks;
using Containarium.HelpBuilder.Docs;
using Containarium.HelpBuilder.Metadata;
using Containarium.HelpBuilder.Output;

namespace Containarium.HelpBuilder.Cli
{
    /// <summary>The command line: build, check, new, update. Exit codes: 0 done, 1 problems found (or a
    /// file not written), 2 bad usage or unreadable input.</summary>
    public sealed class HelpCli
    {
        public const int Ok = 0;
        public const int Problems = 1;
        public const int Failure = 2;

        public const string Usage =
@"Containarium.HelpBuilder — PlatyPS-style markdown help for a binary PowerShell module

  build  --docs <dir> --assembly <module.dll> --out <dir> [--about <about_X.md>] [--strict]
         Writes <out>/<module.dll>-Help.xml (MAML) and about_X.help.txt. Syntax and parameter
         attributes come from the cmdlets, prose from the docs. Doc structure errors fail the
         build; drift is a warning unless --strict.
  check  --docs <dir> --assembly <module.dll> [--allow-placeholders]
         One line per problem (file, line, rule, parameter); exit 1 when there are any.
  new    --assembly <module.dll> (--cmdlet <Name> | --all) --out <dir> [--force] [--module-name <name>]
         Writes a doc skeleton per cmdlet; an existing doc is kept unless --force.
  update --assembly <module.dll> --docs <dir> (--cmdlet <Name> | --all)
         Brings docs in line with the code: SYNTAX and parameter yaml rewritten, missing
         parameters added, parameters the code no longer has removed; prose kept.

  Every command also takes --reference <dir> (repeatable: more folders to resolve the module's
  references from) and --sma <System.Management.Automation.dll>.";

        private readonly TextWriter _out;
        private readonly TextWriter _err;

        public HelpCli(TextWriter stdout, TextWriter stderr)
        {
            _out = stdout;
            _err = stderr;
        }

        private static readonly string[] CommonValues = { "--reference", "--sma" };

        public int Run(string[] args)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                (args.Length == 0 ? _err : _out).WriteLine(Usage);
                return args.Length == 0 ? Failure : Ok;
            }
            var rest = args.Skip(1);
            try
            {
                return args[0] switch
                {
                    "build" => Build(new Arguments(rest, With("--docs", "--assembly", "--out", "--about"), new[] { "--strict" })),
                    "check" => Check(new Arguments(rest, With("--docs", "--assembly"), new[] { "--allow-placeholders" })),
                    "new" => New(new Arguments(rest, With("--assembly", "--cmdlet", "--out", "--module-name"), new[] { "--all", "--force" })),
                    "update" => Update(new Arguments(rest, With("--assembly", "--docs", "--cmdlet", "--module-name"), new[] { "--all" })),
                    _ => throw new UsageException($"unknown command '{args[0]}' (build, check, new, update)"),
                };
            }
            catch (UsageException e)
            {
                _err.WriteLine("error: " + e.Message);
                _err.WriteLine();
                _err.WriteLine(Usage);
                return Failure;
            }
            catch (Exception e) when (e is MetadataException or IOException or UnauthorizedAccessException)
            {
                _err.WriteLine("error: " + e.Message);
                return Failure;
            }
        }

        private static string[] With(params string[] options) => options.Concat(CommonValues).ToArray();

        private static ModuleMetadata ReadModule(Arguments a)
        {
            var options = new ReaderOptions { SmaPath = a.Optional("--sma") };
            foreach (var r in a.All("--reference")) options.ReferenceDirectories.Add(r);
            return ModuleMetadataReader.Read(a.Required("--assembly"), options);
        }

        private int Build(Arguments a)
        {
            var module = ReadModule(a);
            var docs = DocSet.Load(a.Required("--docs"));
            var outDir = a.Required("--out");
            var strict = a.Flag("--strict");
            var about = a.Optional("--about");
            if (about != null && !File.Exists(about)) throw new UsageException($"about file '{about}' not found");

            var problems = DriftChecker.Check(module, docs, new CheckOptions { AllowPlaceholders = !strict });
            var errors = 0;
            foreach (var p in problems)
            {
                var fatal = strict || p.Rule == Rules.Parse;
                if (fatal) errors++;
                _err.WriteLine(p.Format(fatal ? "error" : "warning"));
            }
            if (errors > 0)
            {
                _err.WriteLine($"build: {errors} error(s); no help written");
                return Problems;
            }

            Directory.CreateDirectory(outDir);
            var commands = module.Cmdlets.Select(c => (Cmdlet: c, Doc: docs.Find(c.Name))).Where(x => x.Doc != null)
                .Select(x => (x.Cmdlet, x.Doc!)).ToList();
            var mamlPath = Path.Combine(outDir, module.HelpFileName);
            MamlWriter.WriteFile(mamlPath, commands);
            _out.WriteLine($"wrote {mamlPath} ({commands.Count} of {module.Cmdlets.Count} cmdlets)");
            if (about != null)
            {
                var topic = Path.GetFileNameWithoutExtension(about);
                var aboutPath = Path.Combine(outDir, topic + ".help.txt");
                File.WriteAllText(aboutPath, AboutWriter.Convert(File.ReadAllText(about), topic), new UTF8Encoding(false));
                _out.WriteLine($"wrote {aboutPath}");
            }
            return Ok;
        }

        private int Check(Arguments a)
        {
            var module = ReadModule(a);
            var docs = DocSet.Load(a.Required("--docs"));
            var problems = DriftChecker.Check(module, docs, new CheckOptions { AllowPlaceholders = a.Flag("--allow-placeholders") });
            foreach (var p in problems) _out.WriteLine(p.Format());
            _err.WriteLine(problems.Count == 0
                ? $"check: {docs.Docs.Count} doc(s), {module.Cmdlets.Count} cmdlet(s): no problems"
                : $"check: {problems.Count} problem(s) in {docs.Docs.Count} doc(s) for {module.Cmdlets.Count} cmdlet(s)");
            return problems.Count == 0 ? Ok : Problems;
        }

        private static IReadOnlyList<CmdletMetadata> Select(ModuleMetadata module, Arguments a)
        {
            var name = a.Optional("--cmdlet");
            if (a.Flag("--all") == (name != null)) throw new UsageException("give exactly one of --cmdlet <Name> and --all");
            if (name == null) return module.Cmdlets;
            var cmdlet = module.FindCmdlet(name)
                ?? throw new UsageException($"{module.AssemblyFileName} has no cmdlet '{name}' (it has: {string.Join(", ", module.Cmdlets.Select(c => c.Name))})");
            return new[] { cmdlet };
        }

        /// <summary>The Module Name to write: --module-name, else the manifest beside the dll, else the assembly name.</summary>
        private static string ModuleName(ModuleMetadata module, Arguments a)
        {
            var explicitName = a.Optional("--module-name");
            if (explicitName != null) return explicitName;
            var manifests = Directory.EnumerateFiles(Path.GetDirectoryName(module.AssemblyPath)!, "*.psd1").ToList();
            return manifests.Count == 1 ? Path.GetFileNameWithoutExtension(manifests[0]) : Path.GetFileNameWithoutExtension(module.AssemblyFileName);
        }

        private int New(Arguments a)
        {
            var module = ReadModule(a);
            var selected = Select(module, a);
            var outDir = a.Required("--out");
            var moduleName = ModuleName(module, a);
            Directory.CreateDirectory(outDir);
            var skipped = 0;
            foreach (var cmdlet in selected)
            {
                var path = Path.Combine(outDir, cmdlet.Name + ".md");
                if (File.Exists(path) && !a.Flag("--force"))
                {
                    skipped++;
                    _out.WriteLine($"kept {path} (exists; --force overwrites, 'update' merges)");
                    continue;
                }
                File.WriteAllText(path, DocWriter.New(cmdlet, module.HelpFileName, moduleName), new UTF8Encoding(false));
                _out.WriteLine($"wrote {path}");
            }
            return skipped > 0 && !a.Flag("--all") ? Problems : Ok;
        }

        private int Update(Arguments a)
        {
            var module = ReadModule(a);
            var selected = Select(module, a);
            var docs = DocSet.Load(a.Required("--docs"));
            var moduleName = ModuleName(module, a);
            var result = Ok;
            foreach (var cmdlet in selected)
            {
                var doc = docs.Find(cmdlet.Name);
                if (doc == null)
                {
                    _out.WriteLine($"{cmdlet.Name}: no doc in {docs.Directory}; use 'new --cmdlet {cmdlet.Name}'");
                    if (!a.Flag("--all")) result = Problems;
                    continue;
                }
                var parseProblems = docs.ParseProblems.Where(p => p.File == doc.Path).ToList();
                if (parseProblems.Count > 0)
                {
                    foreach (var p in parseProblems) _err.WriteLine(p.Format());
                    _err.WriteLine($"{doc.Path}: not updated; fix the structure first");
                    result = Problems;
                    continue;
                }
                var changes = new List<string>();
                var text = DocWriter.Update(cmdlet, doc, module.HelpFileName, moduleName, changes);
                var before = File.ReadAllText(doc.Path).Replace("\r\n", "\n");
                if (text == before) { _out.WriteLine($"{doc.Path}: up to date"); continue; }
                File.WriteAllText(doc.Path, text, new UTF8Encoding(false));
                _out.WriteLine($"updated {doc.Path}" + (changes.Count > 0 ? ": " + string.Join("; ", changes) : ""));
            }
            return result;
        }
    }
}
