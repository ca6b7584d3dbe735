using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Containarium.PowerShell.Completion
{
    /// <summary>Names this session has seen per backend, for completers that must answer without contacting a host.</summary>
    internal sealed class SeenNames
    {
        private readonly ConcurrentDictionary<string, string> _seen = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public void Remember(string backend, string name) => _seen[backend + "/" + name] = name;

        public void Forget(string backend, string name) => _seen.TryRemove(backend + "/" + name, out _);

        /// <summary>Names starting with the word, of the -Backend already typed (or of every backend).</summary>
        public IEnumerable<CompletionResult> Complete(string wordToComplete, IDictionary fakeBoundParameters)
        {
            var backend = fakeBoundParameters["Backend"] as string;
            var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return _seen.Where(kv => backend == null || kv.Key.StartsWith(backend + "/", StringComparison.OrdinalIgnoreCase))
                .Select(kv => kv.Value).Distinct().Where(n => pattern.IsMatch(n)).OrderBy(n => n)
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n)).ToList();
        }
    }
}
