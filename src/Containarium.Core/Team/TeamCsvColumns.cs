using System;
using System.Collections.Generic;
using Containarium.Core.Onboarding;

namespace Containarium.Core.Team
{
    /// <summary>
    /// Header names accepted for each field, case-insensitive. The same table feeds the New-CtrContainer parameter aliases,
    /// so a CSV that works with Import-CtrTeam also binds through <c>Import-Csv | New-CtrContainer</c>.
    /// </summary>
    public static class TeamCsvColumns
    {
        public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Aliases = new Dictionary<string, IReadOnlyList<string>>
        {
            [BoxFields.UserName] = new[] { "User", "Login", "Username" },
            [BoxFields.SshPublicKey] = new[] { "SshKey", "PublicKey", "Key" },
            [BoxFields.SshPublicKeyFile] = Array.Empty<string>(),
            [BoxFields.Team] = Array.Empty<string>(),
            [BoxFields.Cpu] = Array.Empty<string>(),
            [BoxFields.Memory] = Array.Empty<string>(),
            [BoxFields.Disk] = Array.Empty<string>(),
            [BoxFields.Image] = Array.Empty<string>(),
            [BoxFields.Backend] = Array.Empty<string>(),
            [BoxFields.Name] = Array.Empty<string>(),
            [BoxFields.EnableDocker] = Array.Empty<string>(),
        };

        private static readonly Dictionary<string, string> ByHeader = BuildLookup();

        /// <summary>The canonical field for a header (surrounding blanks ignored), or null when the column is unknown.</summary>
        public static string? FieldFor(string header)
        {
            ByHeader.TryGetValue(header.Trim(' ', '\t'), out var field);
            return field;
        }

        private static Dictionary<string, string> BuildLookup()
        {
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in Aliases)
            {
                map.Add(pair.Key, pair.Key);
                foreach (var alias in pair.Value)
                    if (!map.ContainsKey(alias)) map.Add(alias, pair.Key); // "Username" equals "UserName" ignoring case
            }
            return map;
        }
    }
}
