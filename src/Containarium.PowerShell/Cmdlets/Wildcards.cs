using System.Linq;
using System.Management.Automation;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Filter parameters that take wildcards: no pattern given means everything matches.</summary>
    internal static class Wildcards
    {
        public static bool AnyMatch(string[] patterns, string value, WildcardOptions options = WildcardOptions.IgnoreCase) =>
            patterns.Length == 0 || patterns.Any(p => new WildcardPattern(p, options).IsMatch(value));
    }
}
