using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Containarium.PowerShell.Completion
{
    /// <summary>
    /// Completes cluster member names from the members this session has seen (Get-CtrBackendMember, box listings),
    /// scoped to -Backend when given: a completer must answer instantly, so it never contacts a host.
    /// </summary>
    public sealed class MemberNameCompleter : IArgumentCompleter
    {
        private static readonly SeenNames Seen = new SeenNames();

        internal static void Remember(string backend, string member) => Seen.Remember(backend, member);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) => Seen.Complete(wordToComplete, fakeBoundParameters);
    }
}
