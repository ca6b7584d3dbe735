using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Containarium.HelpBuilder.Docs
{
    /// <summary>The cmdlet docs of a folder: every *.md except README*.md and about_*.md.</summary>
    public sealed class DocSet
    {
        private DocSet(string directory, List<CommandDoc> docs, List<Problem> parseProblems)
        {
            Directory = directory;
            Docs = docs;
            ParseProblems = parseProblems;
        }

        public string Directory { get; }
        public IReadOnlyList<CommandDoc> Docs { get; }
        public IReadOnlyList<Problem> ParseProblems { get; }

        public static DocSet Load(string directory)
        {
            if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: docs folder not found");
            var problems = new List<Problem>();
            var docs = System.IO.Directory.EnumerateFiles(directory, "*.md")
                .Where(IsCommandDoc)
                .OrderBy(f => f, StringComparer.OrdinalIgnoreCase)
                .Select(f => DocParser.ParseFile(f, problems))
                .ToList();
            return new DocSet(directory, docs, problems);
        }

        public static bool IsCommandDoc(string path)
        {
            var name = Path.GetFileName(path);
            return !name.StartsWith("README", StringComparison.OrdinalIgnoreCase)
                && !name.StartsWith("about_", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The command a doc is about: its H1, or its file name when it has none.</summary>
        public static string CommandName(CommandDoc doc) => doc.Name ?? Path.GetFileNameWithoutExtension(doc.Path);

        public CommandDoc? Find(string commandName) =>
            Docs.FirstOrDefault(d => string.Equals(CommandName(d), commandName, StringComparison.OrdinalIgnoreCase));
    }
}
