using System.Text.RegularExpressions;

namespace Containarium.Core.Validation
{
    /// <summary>Format of a pinned host key fingerprint, as `ssh-keygen -lf` prints it: SHA256 + unpadded base64 (43 chars).</summary>
    public static class HostKeyPin
    {
        private static readonly Regex Sha256 = new Regex("^SHA256:[A-Za-z0-9+/]{43}$", RegexOptions.CultureInvariant);

        public static bool IsValid(string? fingerprint) => fingerprint != null && Sha256.IsMatch(fingerprint);
    }
}
