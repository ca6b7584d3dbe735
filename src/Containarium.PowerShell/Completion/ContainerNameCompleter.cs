using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Containarium.PowerShell.Completion
{
    /// <summary>
    /// Completes box names from the boxes this session has already seen (listed or created), scoped to -Backend
    /// when given: a completer must answer instantly, so it never contacts a host.
    /// </summary>
    public sealed class ContainerNameCompleter : IArgumentCompleter
    {
        private static readonly ConcurrentDictionary<string, string> Seen = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        internal static void Remember(string backend, string name) => Seen[backend + "/" + name] = name;

        internal static void Forget(string backend, string name) => Seen.TryRemove(backend + "/" + name, out _);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var backend = fakeBoundParameters["Backend"] as string;
            var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return Seen.Where(kv => backend == null || kv.Key.StartsWith(backend + "/", StringComparison.OrdinalIgnoreCase))
                .Select(kv => kv.Value).Distinct().Where(n => pattern.IsMatch(n)).OrderBy(n => n)
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n)).ToList();
        }
    }
}
