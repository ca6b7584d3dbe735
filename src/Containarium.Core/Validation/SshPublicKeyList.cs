using System;
using System.Collections.Generic;

namespace Containarium.Core.Validation
{
    /// <summary>Result of reading one line of a multi-key text: the key, or the reason it was refused.</summary>
    public sealed class SshPublicKeyLine
    {
        public SshPublicKeyLine(int lineNumber, SshPublicKey? key, string? error)
        {
            LineNumber = lineNumber;
            Key = key;
            Error = error;
        }

        /// <summary>1-based line within the text.</summary>
        public int LineNumber { get; }
        public SshPublicKey? Key { get; }
        public string? Error { get; }
    }

    /// <summary>
    /// Reads keys from a text with one key per line (a .pub file, an authorized_keys-style list or a multi-line CSV cell).
    /// Blank lines and lines starting with '#' are skipped, as sshd does.
    /// </summary>
    public static class SshPublicKeyList
    {
        public static IReadOnlyList<SshPublicKeyLine> Parse(string? text)
        {
            var result = new List<SshPublicKeyLine>();
            if (IsArmored(text))
            {
                // A private key or RFC 4716 block spans lines: one clear error, not one per base64 line.
                SshPublicKey.TryParse(text!.Trim(), out var whole, out var armorError);
                result.Add(new SshPublicKeyLine(1, whole, armorError));
                return result;
            }
            var lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim(' ', '\t', '\r');
                if (i == 0 && line.Length > 0 && line[0] == '\uFEFF') line = line.Substring(1); // BOM from a Windows editor
                if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal)) continue;
                SshPublicKey.TryParse(line, out var key, out var error);
                result.Add(new SshPublicKeyLine(i + 1, key, error));
            }
            return result;
        }

        private static bool IsArmored(string? text) => text != null &&
            (text.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0 || text.IndexOf("---- BEGIN SSH2", StringComparison.Ordinal) >= 0 ||
             text.IndexOf("PuTTY-User-Key-File", StringComparison.Ordinal) >= 0);
    }
}
