using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Containarium.Core.Backends;
using Containarium.Core.Config;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Resolves -Name patterns against the inventory; a literal name that matches nothing is an error, a wildcard is not.</summary>
    internal static class BackendSelection
    {
        public static List<BackendDefinition> Select(IReadOnlyList<BackendDefinition> all, string[]? names, Action<Exception, string> onMissing)
        {
            if (names == null || names.Length == 0) return all.ToList();
            var picked = new List<BackendDefinition>();
            foreach (var name in names)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var hits = all.Where(b => pattern.IsMatch(b.Name)).ToList();
                if (hits.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    onMissing(new BackendNotFoundException(name), name);
                picked.AddRange(hits.Where(h => !picked.Contains(h)));
            }
            return picked;
        }
    }
}
