using System;
using System.Linq;
using Containarium.Core.Tests.Support;
using Containarium.Core.Validation;
using Xunit;

namespace Containarium.Core.Tests.Validation
{
    public class SshPublicKeyTests
    {
        [Theory]
        [InlineData("ed25519", 0, 256)]
        [InlineData("rsa", 2048, 2048)]
        [InlineData("rsa", 3072, 3072)]
        [InlineData("ecdsa", 256, 256)]
        [InlineData("ecdsa", 384, 384)]
        [InlineData("ecdsa", 521, 521)]
        public void Real_keys_parse_and_match_ssh_keygen_fingerprint_and_size(string type, int bits, int expectedBits)
        {
            var line = SshKeys.Real(type, bits, "alice@laptop");
            var key = SshPublicKey.Parse(line);

            Assert.Equal(line, key.Canonical);
            Assert.Equal("alice@laptop", key.Comment);
            Assert.Equal(expectedBits, key.Bits);
            var keygen = SshKeys.KeygenFingerprint(line); // "256 SHA256:xxxx alice@laptop (ED25519)"
            Assert.Equal($"{expectedBits} {key.Fingerprint} alice@laptop", keygen.Substring(0, keygen.LastIndexOf(" (", StringComparison.Ordinal)));
            Assert.StartsWith("SHA256:", key.Fingerprint);
            Assert.DoesNotContain("=", key.Fingerprint);
        }

        [Fact]
        public void Rsa_1024_is_refused_with_the_bit_count()
        {
            var line = SshKeys.Real("rsa", 1024);
            Assert.False(SshPublicKey.TryParse(line, out var key, out var error));
            Assert.Null(key);
            Assert.Contains("at least 2048 bits; this one has 1024", error);
        }

        [Fact]
        public void Security_key_types_are_checked_structurally()
        {
            var ed = "sk-ssh-ed25519@openssh.com " + SshKeys.Blob("sk-ssh-ed25519@openssh.com", new byte[32], "ssh:") + " yubikey";
            var ec = "sk-ecdsa-sha2-nistp256@openssh.com " + SshKeys.Blob("sk-ecdsa-sha2-nistp256@openssh.com", "nistp256", SshKeys.Point(65), "ssh:");
            Assert.Equal("sk-ssh-ed25519@openssh.com", SshPublicKey.Parse(ed).Type);
            Assert.Equal(256, SshPublicKey.Parse(ec).Bits);
            Assert.Null(SshPublicKey.Parse(ec).Comment);

            var noApp = "sk-ssh-ed25519@openssh.com " + SshKeys.Blob("sk-ssh-ed25519@openssh.com", new byte[32]);
            Assert.False(SshPublicKey.TryParse(noApp, out _, out var error));
            Assert.Contains("malformed or truncated for a sk-ssh-ed25519@openssh.com key", error);
        }

        [Fact]
        public void Fingerprint_is_sha256_of_the_blob_unpadded()
        {
            var key = SshPublicKey.Parse(SshKeys.Ed25519(3));
            var expected = "SHA256:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(key.Blob))).TrimEnd('=');
            Assert.Equal(expected, key.Fingerprint);
            Assert.Equal(50, key.Fingerprint.Length); // 7 + 43
        }

        [Fact]
        public void Whitespace_is_normalized_in_the_canonical_form_and_the_comment_keeps_its_words()
        {
            var blob = SshKeys.Ed25519(1, null).Split(' ')[1];
            var key = SshPublicKey.Parse("  ssh-ed25519\t" + blob + "   Alice  Smith (work)  \r\n");
            Assert.Equal("ssh-ed25519 " + blob + " Alice Smith (work)", key.Canonical);
            Assert.Equal(key.Canonical, key.ToString());
        }

        [Fact]
        public void Unicode_comment_is_kept_but_invisible_characters_are_not()
        {
            Assert.Equal("Zoë 🚀 dev", SshPublicKey.Parse(SshKeys.Ed25519(1, "Zoë 🚀 dev")).Comment);
            foreach (var bad in new[] { "a\u0007b", "a\u001b[31mred", "evil\u202Egnp.exe", "zero\u200Bwidth", "a\u2028b", "lone\uD800" })
            {
                Assert.False(SshPublicKey.TryParse(SshKeys.Ed25519(1, bad), out _, out var error));
                Assert.Contains("control or invisible character", error);
            }
        }

        [Fact]
        public void Equality_ignores_the_comment()
        {
            var a = SshPublicKey.Parse(SshKeys.Ed25519(5, "one"));
            var b = SshPublicKey.Parse(SshKeys.Ed25519(5, "two"));
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.NotEqual(a, SshPublicKey.Parse(SshKeys.Ed25519(6)));
        }

        public static TheoryData<string, string> BadKeys()
        {
            var ed = SshKeys.Ed25519(1, null);
            var blob = ed.Split(' ')[1];
            var rsa2047 = SshKeys.Blob("ssh-rsa", new byte[] { 1, 0, 1 }, new byte[] { 0x7F }.Concat(Enumerable.Repeat((byte)0xC3, 255)).ToArray());
            return new TheoryData<string, string>
            {
                { "", "is empty" },
                { "   \r\n", "is empty" },
                { "command=\"/bin/sh\" " + ed, "authorized_keys options" },
                { "restrict,pty " + ed, "authorized_keys options" },
                { "no-pty " + ed, "authorized_keys options" },
                { "from=\"10.0.0.1\" " + ed, "authorized_keys options" },
                { "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----", "PRIVATE key" },
                { "-----BEGIN RSA PRIVATE KEY-----", "PRIVATE key" },
                { "PuTTY-User-Key-File-3: ssh-ed25519", "PRIVATE key" },
                { "---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----", "RFC 4716" },
                { "-----BEGIN PUBLIC KEY-----", "PEM format" },
                { ed + " " + ed, "more than one key" },
                { ed + " alice ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ", "more than one key" },
                { ed + "\n" + ed, "line break" },
                { ed + "\rssh-ed25519", "line break" },
                { "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... alice@laptop", "placeholder" },
                { "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA\u2026", "placeholder" },
                { "ssh-rsa YOUR_KEY_HERE", "placeholder" },
                { "ssh-ed25519 <paste-your-key>", "placeholder" },
                { "<your public key>", "not an SSH public key" },
                { "TODO", "not an SSH public key" },
                { "N/A", "not an SSH public key" },
                { "ssh-ed25519", "no key data" },
                { "ssh-dss AAAAB3NzaC1kc3MAAACBAP", "DSA" },
                { "ssh-ed25519-cert-v01@openssh.com AAAA", "certificates are not accepted" },
                { "ssh-ed448 AAAA", "not supported" },
                { "ssh-ed25519 " + blob.Substring(0, blob.Length - 4), "malformed or truncated" },
                { "ssh-ed25519 " + blob.Substring(0, blob.Length - 1), "truncated" },
                { "ssh-ed25519 " + blob.Replace('A', '-'), "not valid base64" },
                { "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5$(reboot)", "not valid base64" },
                { "ssh-ed25519 AAAA`id`", "not valid base64" },
                { "ssh-rsa " + blob, "a 'ssh-ed25519' key but the line says 'ssh-rsa'" },
                { "ecdsa-sha2-nistp256 " + SshKeys.Blob("ecdsa-sha2-nistp256", "nistp384", SshKeys.Point(97)), "malformed" },
                { "ecdsa-sha2-nistp256 " + SshKeys.Blob("ecdsa-sha2-nistp256", "nistp256", SshKeys.Point(64)), "malformed" },
                { "ssh-ed25519 " + SshKeys.Blob("ssh-ed25519", new byte[32], "extra"), "malformed" },
                { "ssh-ed25519 " + SshKeys.Blob("ssh-ed25519", new byte[31]), "malformed" },
                { "ssh-rsa " + rsa2047, "at least 2048 bits; this one has 2047" },
                { "ssh-\u0435d25519 " + blob, "not an SSH public key" }, // Cyrillic e
                { "\uFF53sh-ed25519 " + blob, "not an SSH public key" },  // fullwidth s
            };
        }

        [Theory]
        [MemberData(nameof(BadKeys))]
        public void Bad_lines_are_refused_with_a_specific_reason(string line, string reason)
        {
            Assert.False(SshPublicKey.TryParse(line, out var key, out var error));
            Assert.Null(key);
            Assert.Contains(reason, error);
            var e = Assert.Throws<FormatException>(() => SshPublicKey.Parse(line));
            Assert.Equal(error, e.Message);
        }

        [Fact]
        public void Rsa_with_a_negative_modulus_encoding_is_malformed()
        {
            // 0xC3… without the leading zero byte is a negative mpint.
            var blob = SshKeys.Blob("ssh-rsa", new byte[] { 1, 0, 1 }, Enumerable.Repeat((byte)0xC3, 256).ToArray());
            Assert.False(SshPublicKey.TryParse("ssh-rsa " + blob, out _, out var error));
            Assert.Contains("malformed", error);
        }

        [Fact]
        public void A_multi_line_text_gives_each_key_or_its_error_by_line()
        {
            var text = "# my keys\n\n" + SshKeys.Ed25519(1) + "\r\n  " + SshKeys.Ed25519(2) + "  \nnot-a-key\n";
            var lines = SshPublicKeyList.Parse(text);
            Assert.Equal(new[] { 3, 4, 5 }, lines.Select(l => l.LineNumber));
            Assert.NotNull(lines[0].Key);
            Assert.NotNull(lines[1].Key);
            Assert.Null(lines[2].Key);
            Assert.Contains("not an SSH public key", lines[2].Error);
        }

        [Fact]
        public void A_private_key_file_in_a_key_list_gives_one_error_not_one_per_line()
        {
            var text = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\nBBBB\n-----END OPENSSH PRIVATE KEY-----\n";
            var lines = SshPublicKeyList.Parse(text);
            Assert.Single(lines);
            Assert.Contains("PRIVATE key", lines[0].Error);
            Assert.DoesNotContain("AAAA", lines[0].Error); // never echo private material
        }

        [Fact]
        public void A_bom_before_the_first_key_is_ignored()
        {
            Assert.NotNull(SshPublicKeyList.Parse("\uFEFF" + SshKeys.Ed25519(1)).Single().Key);
        }
    }
}
