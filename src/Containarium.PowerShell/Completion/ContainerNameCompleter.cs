using System.Collections;
using System.Collections.Generic;
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
        private static readonly SeenNames Seen = new SeenNames();

        internal static void Remember(string backend, string name) => Seen.Remember(backend, name);

        internal static void Forget(string backend, string name) => Seen.Forget(backend, name);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) => Seen.Complete(wordToComplete, fakeBoundParameters);
    }
}
