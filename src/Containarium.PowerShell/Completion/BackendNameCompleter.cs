using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Containarium.Core.Config;

namespace Containarium.PowerShell.Completion
{
    /// <summary>Completes registered backend names from the config file only: no network in a completer.</summary>
    public sealed class BackendNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IEnumerable<string> names;
            try { names = BackendNames(); }
            catch (ConfigException) { yield break; }
            var prefix = (wordToComplete ?? "").Trim('\'', '"');
            var pattern = new WildcardPattern(prefix + "*", WildcardOptions.IgnoreCase);
            foreach (var name in names.Where(n => pattern.IsMatch(n)))
                yield return new CompletionResult(name, name, CompletionResultType.ParameterValue, name);
        }

        private static IEnumerable<string> BackendNames() =>
            ConfigStore.Default().Load().Backends.Select(b => b.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
