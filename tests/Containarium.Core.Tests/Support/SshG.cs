using System;
using System.Collections.Generic;
using System.IO;

namespace Containarium.Core.Tests.Support
{
    /// <summary>Asks the real OpenSSH client how it resolves an alias: `ssh -G -F file alias` (no connection is made).</summary>
    public static class SshG
    {
        public static Dictionary<string, List<string>> Resolve(string configText, string alias)
        {
            var file = Path.Combine(Path.GetTempPath(), "ctr-sshcfg-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(file, configText);
            try
            {
                var r = Tool.Run("ssh", "-G", "-F", file, alias);
                if (r.ExitCode != 0) throw new InvalidOperationException($"ssh -G failed ({r.ExitCode}): {r.Stderr}");
                var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var line in r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var sp = line.IndexOf(' ');
                    var key = sp < 0 ? line : line.Substring(0, sp);
                    if (!result.TryGetValue(key, out var list)) result[key] = list = new List<string>();
                    list.Add(sp < 0 ? "" : line.Substring(sp + 1));
                }
                return result;
            }
            finally { File.Delete(file); }
        }

        public static string One(this Dictionary<string, List<string>> resolved, string key) =>
            resolved.TryGetValue(key, out var v) ? string.Join("|", v) : "(absent)";
    }
}
