using System;
using System.Security.Cryptography;
using System.Text;

namespace Containarium.Core.Transport
{
    /// <summary>OpenSSH-style host key fingerprints ("SHA256:" + unpadded base64 of SHA-256 over the raw key blob, as <c>ssh-keygen -lf</c> prints).</summary>
    public static class HostKeyFingerprint
    {
        public const string Sha256Prefix = "SHA256:";

        /// <summary>Fingerprint of a raw SSH public key blob (the base64-decoded second field of a known_hosts or .pub line).</summary>
        public static string Sha256(byte[] keyBlob)
        {
            if (keyBlob is null) throw new ArgumentNullException(nameof(keyBlob));
            using (var sha = SHA256.Create())
                return Sha256Prefix + Convert.ToBase64String(sha.ComputeHash(keyBlob)).TrimEnd('=');
        }

        /// <summary>
        /// Format check for a user-supplied pin: "SHA256:" followed by exactly 43 base64 characters that encode 32 bytes
        /// (so the last character carries 4 bits and must be one of A E I M Q U Y c g k o s w 0 4 8).
        /// </summary>
        public static bool IsValidSha256(string? text)
        {
            if (text is null || text.Length != Sha256Prefix.Length + 43) return false;
            if (!text.StartsWith(Sha256Prefix, StringComparison.Ordinal)) return false;
            for (var i = Sha256Prefix.Length; i < text.Length; i++)
                if (!IsBase64Char(text[i])) return false;
            return "AEIMQUYcgkosw048".IndexOf(text[text.Length - 1]) >= 0;
        }

        /// <summary>The key type named inside a key blob (its first SSH string), e.g. "ssh-ed25519".</summary>
        public static string KeyTypeOf(byte[] keyBlob)
        {
            if (keyBlob is null) throw new ArgumentNullException(nameof(keyBlob));
            if (keyBlob.Length < 4) throw new FormatException("SSH key blob is too short.");
            var length = (keyBlob[0] << 24) | (keyBlob[1] << 16) | (keyBlob[2] << 8) | keyBlob[3];
            if (length <= 0 || length > 64 || 4 + length > keyBlob.Length) throw new FormatException("SSH key blob does not start with a key type.");
            return Encoding.ASCII.GetString(keyBlob, 4, length);
        }

        private static bool IsBase64Char(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }
}
