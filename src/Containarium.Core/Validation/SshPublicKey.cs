using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Containarium.Core.Validation
{
    /// <summary>
    /// One OpenSSH public key line: <c>type base64 [comment]</c>, fully checked (the blob decodes and its embedded type matches).
    /// Accepted types: ssh-ed25519, ssh-rsa (2048–16384 bits), ecdsa-sha2-nistp256/384/521, sk-ssh-ed25519@openssh.com,
    /// sk-ecdsa-sha2-nistp256@openssh.com. Refused with a reason each: authorized_keys options (Containarium writes its own),
    /// private keys, RFC 4716/PEM files, certificates, DSA, several keys on one line, placeholders and truncated keys.
    /// Equality ignores the comment (same key material = same key).
    /// </summary>
    public sealed class SshPublicKey : IEquatable<SshPublicKey>
    {
        public const int MaxCommentLength = 1024;

        public static readonly IReadOnlyList<string> SupportedTypes = new[]
        {
            "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
        };

        private static readonly Regex Base64 = new Regex("^[A-Za-z0-9+/]+={0,2}\\z", RegexOptions.CultureInvariant);
        // A token that names a key type, supported or not: used to spot options prefixes and second keys.
        private static readonly Regex TypeLike = new Regex("^(?:ssh-[a-z0-9]+|ecdsa-sha2-[a-z0-9]+|sk-[a-z0-9-]+@openssh\\.com|[a-z0-9-]+-cert-v01@openssh\\.com)\\z", RegexOptions.CultureInvariant);
        private static readonly Regex PlaceholderWord = new Regex("your|paste|here|placeholder|example|changeme|todo|xxx|\\.\\.\\.|\u2026|<|>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private SshPublicKey(string type, string blobBase64, byte[] blob, string? comment, int bits)
        {
            Type = type;
            Blob = blobBase64;
            Comment = comment;
            Bits = bits;
            BlobBytes = blob;
            Fingerprint = "SHA256:" + Convert.ToBase64String(Sha256(blob)).TrimEnd('=');
        }

        public string Type { get; }
        /// <summary>The key data as base64, exactly as in the line.</summary>
        public string Blob { get; }
        public string? Comment { get; }
        /// <summary>Key size as <c>ssh-keygen -l</c> prints it (256 for ed25519, the modulus size for RSA…).</summary>
        public int Bits { get; }
        /// <summary>OpenSSH style: "SHA256:" + unpadded base64 of the blob's SHA-256.</summary>
        public string Fingerprint { get; }
        internal byte[] BlobBytes { get; }

        /// <summary>The single-line form written to authorized_keys: type, blob and comment separated by one space.</summary>
        public string Canonical => Comment == null ? Type + " " + Blob : Type + " " + Blob + " " + Comment;

        public override string ToString() => Canonical;

        public static SshPublicKey Parse(string? line) =>
            TryParse(line, out var key, out var error) ? key! : throw new FormatException(error);

        public static bool TryParse(string? line, out SshPublicKey? key, out string? error)
        {
            key = null;
            error = Explain(line, out key);
            return error == null;
        }

        private static string? Explain(string? line, out SshPublicKey? key)
        {
            key = null;
            var s = (line ?? "").Trim(' ', '\t', '\r', '\n');
            if (s.Length == 0) return "The SSH public key is empty.";
            if (s.IndexOf("PRIVATE KEY", StringComparison.OrdinalIgnoreCase) >= 0 || s.StartsWith("PuTTY-User-Key-File", StringComparison.Ordinal))
                return "This is a PRIVATE key. Never share it; give the public key instead (the .pub file, e.g. ~/.ssh/id_ed25519.pub).";
            if (s.StartsWith("---- BEGIN SSH2 PUBLIC KEY", StringComparison.Ordinal))
                return "This key is in RFC 4716 (SSH2/PuTTY) format; convert it with 'ssh-keygen -i -f key.pub' and give the one-line OpenSSH form.";
            if (s.StartsWith("-----BEGIN", StringComparison.Ordinal))
                return "This key is in PEM format; give the one-line OpenSSH form (ssh-keygen -y -f key, or the .pub file).";
            if (s.IndexOf('\n') >= 0 || s.IndexOf('\r') >= 0)
                return "The SSH public key contains a line break; give exactly one key per line.";

            var tokens = s.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            var type = tokens[0];
            if (!SupportedTypes.Contains(type, StringComparer.Ordinal))
                return ExplainType(type, tokens);
            if (tokens.Length < 2) return $"The {type} key has no key data after its type.";

            var blobText = tokens[1];
            var blobProblem = CheckBlob(type, blobText, out var blob, out var bits);
            if (blobProblem != null)
            {
                // Only once the data has failed: real base64 may contain "todo" or "here" by chance.
                return PlaceholderWord.IsMatch(blobText)
                    ? $"The key data {ValueDisplay.Show(blobText)} looks like a placeholder or a shortened copy; paste the whole public key."
                    : blobProblem;
            }

            var commentTokens = tokens.Skip(2).ToList();
            for (var i = 0; i < commentTokens.Count; i++)
                if (TypeLike.IsMatch(commentTokens[i]) && i + 1 < commentTokens.Count && commentTokens[i + 1].StartsWith("AAAA", StringComparison.Ordinal))
                    return "The line holds more than one key; give one key per line.";
            var comment = commentTokens.Count == 0 ? null : string.Join(" ", commentTokens);
            if (comment != null)
            {
                if (comment.Length > MaxCommentLength) return $"The key comment is longer than {MaxCommentLength} characters.";
                var bad = FirstInvisible(comment);
                if (bad >= 0) return $"The key comment contains a control or invisible character (U+{(int)comment[bad]:X4}).";
            }
            key = new SshPublicKey(type, blobText, blob, comment, bits);
            return null;
        }

        private static string? CheckBlob(string type, string blobText, out byte[] blob, out int bits)
        {
            blob = Array.Empty<byte>();
            bits = 0;
            if (!Base64.IsMatch(blobText)) return "The key data is not valid base64 (was it copied with a line break or a stray character?).";
            if (blobText.Length % 4 != 0) return "The key data is truncated (its base64 length is not a multiple of 4).";
            blob = Convert.FromBase64String(blobText);
            if (Convert.ToBase64String(blob) != blobText) return "The key data is not canonical base64.";
            return SshKeyBlob.TryCheck(type, blob, out bits, out var error) ? null : "The SSH public key is invalid: " + error;
        }

        private static string ExplainType(string type, string[] tokens)
        {
            if (tokens.Skip(1).Any(t => TypeLike.IsMatch(t)) || type.IndexOf('=') >= 0 || type.IndexOf('"') >= 0)
                return "The key starts with authorized_keys options (such as command=… or restrict); give the bare public key - Containarium sets the options itself.";
            if (type == "ssh-dss") return "DSA (ssh-dss) keys are obsolete and disabled in OpenSSH; generate an ed25519 key (ssh-keygen -t ed25519).";
            if (type.EndsWith("-cert-v01@openssh.com", StringComparison.Ordinal)) return "SSH certificates are not accepted; give the plain public key.";
            if (TypeLike.IsMatch(type))
                return $"Key type {ValueDisplay.Show(type)} is not supported; use one of: {string.Join(", ", SupportedTypes)}.";
            return $"{ValueDisplay.Show(type)} is not an SSH public key (expected e.g. 'ssh-ed25519 AAAA… comment').";
        }

        // Lone surrogates and invisible characters are refused; a proper surrogate pair (emoji) is printable.
        private static int FirstInvisible(string s)
        {
            for (var i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
                if (ValueDisplay.IsInvisible(s[i])) return i;
            }
            return -1;
        }

        private static byte[] Sha256(byte[] data)
        {
            using (var sha = SHA256.Create()) return sha.ComputeHash(data);
        }

        public bool Equals(SshPublicKey? other) => other != null && Type == other.Type && Blob == other.Blob;
        public override bool Equals(object? obj) => Equals(obj as SshPublicKey);
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Blob);
    }
}
