using System;
using System.Text.RegularExpressions;
using Containarium.Core.Validation;

namespace Containarium.Core.SshConfig
{
    /// <summary>
    /// Rules for values written into an OpenSSH client config. Why so strict: a newline or space in a value would start a
    /// new keyword (e.g. ProxyCommand) in the user's config; '*', '?', '!' and ',' are pattern syntax in Host lines.
    /// </summary>
    public static class SshConfigValues
    {
        public const int MaxPathLength = 1024;
        private static readonly Regex Alias = new Regex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex Prefix = new Regex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,31}\\z", RegexOptions.CultureInvariant);

        public static void EnsureAlias(string? alias, string what = "Host alias")
        {
            if (alias == null || !Alias.IsMatch(alias))
                throw new ArgumentException($"{what} {ValueDisplay.Show(alias)} is invalid: use 1-128 letters, digits, '.', '_' or '-' (no spaces or patterns).");
        }

        public static void EnsurePrefix(string? prefix)
        {
            if (!string.IsNullOrEmpty(prefix) && !Prefix.IsMatch(prefix))
                throw new ArgumentException($"Alias prefix {ValueDisplay.Show(prefix)} is invalid: use up to 32 letters, digits, '.', '_' or '-'.");
        }

        /// <summary>
        /// Returns the IdentityFile argument as written in the config: '\' becomes '/' (OpenSSH reads '\' as an escape; Windows
        /// OpenSSH takes '/'), double-quoted when it holds a space or '#'. Refused: control or invisible characters, quotes,
        /// '$' and '%' (ssh would expand them as ${ENV} and %-tokens).
        /// </summary>
        public static string IdentityFileArgument(string path)
        {
            if (string.IsNullOrWhiteSpace(path) || path.Length > MaxPathLength)
                throw new ArgumentException($"IdentityFile {ValueDisplay.Show(path)} is empty or too long.");
            foreach (var c in path)
            {
                if (ValueDisplay.IsInvisible(c) || c == '"' || c == '\'' || c == '$' || c == '%' || c == '`')
                    throw new ArgumentException($"IdentityFile {ValueDisplay.Show(path)} contains a character not allowed in an SSH config path ({ValueDisplay.Show(c.ToString())}).");
            }
            if (path != path.Trim()) throw new ArgumentException($"IdentityFile {ValueDisplay.Show(path)} starts or ends with a blank.");
            var p = path.Replace('\\', '/');
            return p.IndexOf(' ') >= 0 || p.IndexOf('#') >= 0 ? "\"" + p + "\"" : p;
        }
    }
}
