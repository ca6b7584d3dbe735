using System.IO;

namespace Containarium.HelpBuilder
{
    /// <summary>One thing wrong with a doc, printed as one line in MSBuild's canonical form so that editors
    /// and build logs link it: <c>path(line): error rule: -Parameter: message</c>.</summary>
    public sealed class Problem
    {
        public Problem(string file, int line, string rule, string? parameter, string message)
        {
            File = file;
            Line = line;
            Rule = rule;
            Parameter = parameter;
            Message = message;
        }

        /// <summary>The doc the problem is in (or would be in, for a missing doc).</summary>
        public string File { get; }
        /// <summary>1-based; 0 when the problem is about the file as a whole.</summary>
        public int Line { get; }
        /// <summary>A stable id, e.g. "param-type"; see <see cref="Rules"/>.</summary>
        public string Rule { get; }
        /// <summary>The parameter name without its dash, when the problem is about one.</summary>
        public string? Parameter { get; }
        public string Message { get; }

        public string Format(string severity = "error")
        {
            var where = DisplayPath(File) + (Line > 0 ? "(" + Line + ")" : "");
            var what = Parameter == null ? Message : "-" + Parameter + ": " + Message;
            return where + ": " + severity + " " + Rule + ": " + what;
        }

        public override string ToString() => Format();

        /// <summary>Relative to the current directory when the file lies below it.</summary>
        public static string DisplayPath(string path)
        {
            var full = Path.GetFullPath(path);
            var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
            return relative.StartsWith("..", System.StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
        }
    }

    /// <summary>The rule ids problems carry.</summary>
    public static class Rules
    {
        public const string Parse = "parse";
        public const string MissingDoc = "missing-doc";
        public const string OrphanDoc = "orphan-doc";
        public const string FileName = "file-name";
        public const string FrontMatter = "front-matter";
        public const string MissingParameter = "param-missing";
        public const string ExtraParameter = "param-extra";
        public const string ParameterType = "param-type";
        public const string ParameterAliases = "param-aliases";
        public const string ParameterPosition = "param-position";
        public const string ParameterPipeline = "param-pipeline";
        public const string ParameterRequired = "param-required";
        public const string ParameterSets = "param-sets";
        public const string ParameterWildcards = "param-wildcards";
        public const string ParameterValues = "param-values";
        public const string ParameterDescription = "param-description";
        public const string ShouldProcess = "shouldprocess";
        public const string Syntax = "syntax";
        public const string NoExample = "no-example";
        public const string ExampleCode = "example-code";
        public const string EmptySynopsis = "empty-synopsis";
        public const string EmptyDescription = "empty-description";
        public const string Placeholder = "placeholder";
    }
}
