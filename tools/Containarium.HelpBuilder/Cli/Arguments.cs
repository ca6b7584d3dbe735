using System;
using System.Collections.Generic;
using System.Linq;

namespace Containarium.HelpBuilder.Cli
{
    public sealed class UsageException : Exception
    {
        public UsageException(string message) : base(message) { }
    }

    /// <summary>"--name value" options, "--flag" switches and repeatable options, checked against what a
    /// command accepts.</summary>
    public sealed class Arguments
    {
        private readonly Dictionary<string, List<string>> _values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly HashSet<string> _flags = new HashSet<string>(StringComparer.Ordinal);

        public Arguments(IEnumerable<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
        {
            var list = args.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                var a = list[i];
                if (flagOptions.Contains(a)) { _flags.Add(a); continue; }
                if (!valueOptions.Contains(a))
                    throw new UsageException($"unknown option '{a}' (accepted: {string.Join(", ", valueOptions.Concat(flagOptions))})");
                if (i + 1 >= list.Count || list[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException($"option '{a}' needs a value");
                if (!_values.TryGetValue(a, out var values)) _values[a] = values = new List<string>();
                values.Add(list[++i]);
            }
        }

        public bool Flag(string name) => _flags.Contains(name);

        public string? Optional(string name) => _values.TryGetValue(name, out var v) ? v[v.Count - 1] : null;

        public string Required(string name) => Optional(name) ?? throw new UsageException($"option '{name}' is required");

        public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var v) ? v : (IReadOnlyList<string>)Array.Empty<string>();
    }
}
