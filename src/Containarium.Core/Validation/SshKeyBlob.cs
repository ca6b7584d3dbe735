using System.Collections.Generic;

namespace Containarium.Core.Validation
{
    /// <summary>
    /// Checks the structure of a decoded public-key blob for each accepted type (OpenSSH PROTOCOL, PROTOCOL.u2f, RFC 4253/5656/8709).
    /// Returns the key size in bits, or an error. Why: a blob that merely decodes as base64 can still be junk or the wrong type.
    /// </summary>
    internal static class SshKeyBlob
    {
        public const int MinRsaBits = 2048;
        public const int MaxRsaBits = 16384; // OpenSSH's own ceiling (SSHBUF_MAX_BIGNUM)

        // Curve name and uncompressed point length (0x04 || X || Y) per ECDSA type.
        private static readonly Dictionary<string, (string Curve, int PointLength, int Bits)> Ecdsa = new Dictionary<string, (string, int, int)>
        {
            ["ecdsa-sha2-nistp256"] = ("nistp256", 65, 256),
            ["ecdsa-sha2-nistp384"] = ("nistp384", 97, 384),
            ["ecdsa-sha2-nistp521"] = ("nistp521", 133, 521),
            ["sk-ecdsa-sha2-nistp256@openssh.com"] = ("nistp256", 65, 256),
        };

        public static bool TryCheck(string type, byte[] blob, out int bits, out string? error)
        {
            bits = 0;
            var r = new SshWireReader(blob);
            var embedded = r.ReadAsciiString();
            if (embedded == null) return Fail(out error, "the key data is malformed (no key type inside).");
            if (embedded != type) return Fail(out error, $"the key data is a '{embedded}' key but the line says '{type}'.");

            bool ok;
            switch (type)
            {
                case "ssh-ed25519":
                    ok = Ed25519(r);
                    bits = 256;
                    break;
                case "sk-ssh-ed25519@openssh.com":
                    ok = Ed25519(r) && Application(r);
                    bits = 256;
                    break;
                case "ssh-rsa":
                    return Rsa(r, out bits, out error);
                default:
                    var spec = Ecdsa[type];
                    ok = r.ReadAsciiString() == spec.Curve && r.ReadString() is byte[] q && q.Length == spec.PointLength && q[0] == 4;
                    if (ok && type.StartsWith("sk-", System.StringComparison.Ordinal)) ok = Application(r);
                    bits = spec.Bits;
                    break;
            }
            if (!ok || !r.AtEnd) return Fail(out error, $"the key data is malformed or truncated for a {type} key.");
            error = null;
            return true;
        }

        private static bool Ed25519(SshWireReader r) => r.ReadString() is byte[] pk && pk.Length == 32;

        // FIDO keys carry the relying-party id, "ssh:" by default.
        private static bool Application(SshWireReader r) => r.ReadAsciiString() is string app && app.Length > 0;

        private static bool Rsa(SshWireReader r, out int bits, out string? error)
        {
            bits = 0;
            var e = r.ReadString();
            var n = r.ReadString();
            if (e == null || n == null || !r.AtEnd || !IsPositiveMpint(e) || !IsPositiveMpint(n))
                return Fail(out error, "the key data is malformed or truncated for a ssh-rsa key.");
            bits = BitLength(n);
            if (bits < MinRsaBits) return Fail(out error, $"RSA keys must have at least {MinRsaBits} bits; this one has {bits}. Generate an ed25519 key (ssh-keygen -t ed25519).");
            if (bits > MaxRsaBits) return Fail(out error, $"RSA keys above {MaxRsaBits} bits are not accepted by OpenSSH; this one has {bits}.");
            error = null;
            return true;
        }

        // mpint: two's complement, big-endian, minimal; positive means non-empty with the sign bit clear.
        private static bool IsPositiveMpint(byte[] v) => v.Length > 0 && (v[0] & 0x80) == 0 && !(v.Length == 1 && v[0] == 0);

        private static int BitLength(byte[] v)
        {
            var i = 0;
            while (i < v.Length && v[i] == 0) i++;
            if (i == v.Length) return 0;
            var bits = (v.Length - i - 1) * 8;
            for (int top = v[i]; top != 0; top >>= 1) bits++;
            return bits;
        }

        private static bool Fail(out string? error, string message)
        {
            error = message;
            return false;
        }
    }
}
