using System;
using System.Text.RegularExpressions;
using Containarium.HelpBuilder.Metadata;

namespace Containarium.HelpBuilder.Docs
{
    /// <summary>How a doc's SYNTAX entries are matched with the code's parameter sets.</summary>
    public static class SyntaxText
    {
        private static readonly Regex Spaces = new Regex(@"\s+");

        /// <summary>Same text up to line wrapping and spacing.</summary>
        public static bool Equivalent(string a, string b) => Normal(a) == Normal(b);

        private static string Normal(string s) => Spaces.Replace(s.Trim(), " ");

        /// <summary>Whether a SYNTAX entry is the one for <paramref name="setName"/>; an entry without a set heading
        /// stands for the single unnamed set.</summary>
        public static bool SameSet(SyntaxDoc entry, string setName) =>
            setName == ParameterSetBinding.AllSets
                ? entry.SetName == null || string.Equals(entry.SetName, ParameterSetBinding.AllSets, StringComparison.OrdinalIgnoreCase)
                : string.Equals(entry.SetName, setName, StringComparison.OrdinalIgnoreCase);
    }
}
