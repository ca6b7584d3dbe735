using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Transport;
using Xunit;

namespace Containarium.Transport.Tests
{
    /// <summary>Host key policy against real servers: trust on first use, pins, changed keys.</summary>
    [Collection(LabCollection.Name)]
    public sealed class HostKeyPolicyTests
    {
        private readonly LabFixture _lab;

        public HostKeyPolicyTests(LabFixture lab) => _lab = lab;

        private static Task Connect(SshTransport ssh) => ssh.ConnectAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        [Fact]
        public async Task First_connect_records_the_key_in_a_new_600_file_that_OpenSSH_reads()
        {
            var settings = _lab.Settings(_lab.Target);
            using (var ssh = new SshTransport(settings))
            {
                await Connect(ssh);
                var key = Assert.Single(ssh.HostKeys);
                Assert.Equal(HostKeyStatus.Recorded, key.Status);
                Assert.Equal(_lab.Target.HostKeyFingerprint, key.Fingerprint);
                Assert.StartsWith("recorded new host key for [127.0.0.1]:", key.ToString());
            }

            Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(settings.KnownHostsPath));
            var pub = File.ReadAllText(_lab.Target.HostKeyFile + ".pub").Split(' ');
            Assert.Equal($"[127.0.0.1]:{_lab.Target.Port} {pub[0]} {pub[1]}\n", File.ReadAllText(settings.KnownHostsPath));
            var found = SshLab.SshLab.Run("ssh-keygen", "-F", $"[127.0.0.1]:{_lab.Target.Port}", "-f", settings.KnownHostsPath);
            Assert.Contains(pub[1], found);

            using (var again = new SshTransport(settings))
            {
                await Connect(again);
                Assert.Equal(HostKeyStatus.Known, again.HostKeys[0].Status);
            }
        }

        [Fact]
        public async Task Matching_pin_is_accepted_and_recorded()
        {
            var settings = _lab.Settings(_lab.Target);
            settings.PinnedHostKeyFingerprint = _lab.Target.HostKeyFingerprint;
            using var ssh = new SshTransport(settings);

            await Connect(ssh);

            Assert.Equal(HostKeyStatus.Pinned, ssh.HostKeys[0].Status);
            Assert.Single(new KnownHostsStore(settings.KnownHostsPath).GetKeys($"[127.0.0.1]:{_lab.Target.Port}"));
        }

        [Fact]
        public async Task Pin_mismatch_is_refused_with_both_fingerprints_and_nothing_recorded()
        {
            var settings = _lab.Settings(_lab.Target);
            var otherKey = _lab.Lab.NewKey("pin-other-" + Guid.NewGuid().ToString("N").Substring(0, 6), "ed25519", "");
            settings.PinnedHostKeyFingerprint = SshLab.SshLab.Fingerprint(otherKey + ".pub");
            using var ssh = new SshTransport(settings);

            var error = await Assert.ThrowsAsync<HostKeyMismatchException>(() => Connect(ssh));

            Assert.Equal(TransportFailure.HostKeyMismatch, error.Failure);
            Assert.Equal(settings.PinnedHostKeyFingerprint, error.ExpectedFingerprint);
            Assert.Equal(_lab.Target.HostKeyFingerprint, error.ActualFingerprint);
            Assert.Contains(error.ExpectedFingerprint, error.Message);
            Assert.Contains(error.ActualFingerprint, error.Message);
            Assert.Contains("pinned", error.Message);
            Assert.False(File.Exists(settings.KnownHostsPath), "a refused key was recorded");
            Assert.False(ssh.IsConnected);
        }

        [Fact]
        public async Task Malformed_pin_is_a_configuration_error()
        {
            var settings = _lab.Settings(_lab.Target);
            settings.PinnedHostKeyFingerprint = "SHA256:not-a-fingerprint";
            using var ssh = new SshTransport(settings);

            var error = await Assert.ThrowsAsync<TransportException>(() => Connect(ssh));

            Assert.Equal(TransportFailure.Configuration, error.Failure);
            Assert.Equal(0, ssh.HandshakeCount);
        }

        [Fact]
        public async Task Changed_host_key_is_refused()
        {
            using var server = _lab.Lab.StartSshd("rekeyed");
            var settings = _lab.Settings(server);
            var oldFingerprint = server.HostKeyFingerprint;
            using (var ssh = new SshTransport(settings)) await Connect(ssh);

            server.Restart(newHostKey: true);
            using var after = new SshTransport(settings);
            var error = await Assert.ThrowsAsync<HostKeyMismatchException>(() => Connect(after));

            Assert.Equal(oldFingerprint, error.ExpectedFingerprint);
            Assert.Equal(server.HostKeyFingerprint, error.ActualFingerprint);
            Assert.Contains("changed since it was recorded", error.Message);
            Assert.Contains(settings.KnownHostsPath, error.Message);
            var store = new KnownHostsStore(settings.KnownHostsPath);
            Assert.Equal(oldFingerprint, Assert.Single(store.GetKeys(server.Endpoint)).Fingerprint);

            // What Unregister does for a legitimately rebuilt host: forget the old key, then the next connect records the new one.
            Assert.Equal(1, store.Remove(server.Endpoint));
            using var rebuilt = new SshTransport(settings);
            await Connect(rebuilt);
            Assert.Equal(HostKeyStatus.Recorded, rebuilt.HostKeys[0].Status);
            Assert.Equal(server.HostKeyFingerprint, rebuilt.HostKeys[0].Fingerprint);
        }

        [Fact]
        public async Task Changed_jump_host_key_is_refused_naming_the_jump()
        {
            using var jump = _lab.Lab.StartSshd("rekeyed-jump");
            var settings = _lab.Settings(_lab.Target, jump);
            using (var ssh = new SshTransport(settings)) await Connect(ssh);

            jump.Restart(newHostKey: true);
            using var after = new SshTransport(settings);
            var error = await Assert.ThrowsAsync<HostKeyMismatchException>(() => Connect(after));

            Assert.Equal(jump.Endpoint.ToString(), error.Hop);
            Assert.Equal(jump.HostKeyFingerprint, error.ActualFingerprint);
        }
    }

    /// <summary>The known_hosts file itself.</summary>
    public sealed class KnownHostsStoreTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "ctr-kh-" + Guid.NewGuid().ToString("N"));
        private readonly byte[] _keyA = KeyBlob("ssh-ed25519", 1);
        private readonly byte[] _keyB = KeyBlob("ssh-ed25519", 2);

        public void Dispose()
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }

        /// <summary>A syntactically valid key blob: string type, string 32 bytes.</summary>
        private static byte[] KeyBlob(string type, byte fill)
        {
            var blob = new MemoryStream();
            void Str(byte[] b)
            {
                blob.Write(new[] { (byte)(b.Length >> 24), (byte)(b.Length >> 16), (byte)(b.Length >> 8), (byte)b.Length });
                blob.Write(b);
            }
            Str(System.Text.Encoding.ASCII.GetBytes(type));
            Str(Enumerable.Repeat(fill, 32).ToArray());
            return blob.ToArray();
        }

        /// <summary>A store over a known_hosts file with the given content.</summary>
        private KnownHostsStore StoreWith(string content)
        {
            Directory.CreateDirectory(_dir);
            var path = Path.Combine(_dir, "known_hosts");
            File.WriteAllText(path, content);
            return new KnownHostsStore(path);
        }

        [Fact]
        public void Add_creates_parent_directories_and_a_600_file()
        {
            var store = new KnownHostsStore(Path.Combine(_dir, "a", "b", "known_hosts"));

            Assert.True(store.Add("[10.0.0.1]:2222", _keyA));
            Assert.False(store.Add("[10.0.0.1]:2222", _keyA));

            Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(store.Path));
            Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(Path.Combine(_dir, "a", "b")));
            Assert.Equal($"[10.0.0.1]:2222 ssh-ed25519 {Convert.ToBase64String(_keyA)}\n", File.ReadAllText(store.Path));
        }

        [Fact]
        public void Reads_comments_blank_lines_host_lists_wildcards_negations_and_markers()
        {
            var a = Convert.ToBase64String(_keyA);
            var b = Convert.ToBase64String(_keyB);
            var store = StoreWith(string.Join("\n",
                "# comment",
                "",
                "   ",
                $"alpha,[beta]:2200 ssh-ed25519 {a} some comment",
                $"*.example.org,!bad.example.org ssh-ed25519 {b}",
                $"@revoked gamma ssh-ed25519 {a}",
                $"@cert-authority delta ssh-ed25519 {b}",
                "garbage line",
                $"epsilon ssh-ed25519 not-base64!"));

            Assert.Equal(_keyA, Assert.Single(store.GetKeys("alpha")).Blob);
            Assert.Equal(_keyA, Assert.Single(store.GetKeys("[beta]:2200")).Blob);
            Assert.Empty(store.GetKeys("beta"));
            Assert.Equal(_keyB, Assert.Single(store.GetKeys("host.example.org")).Blob);
            Assert.Empty(store.GetKeys("bad.example.org"));
            Assert.True(Assert.Single(store.GetKeys("gamma")).IsRevoked);
            Assert.Empty(store.GetKeys("delta"));
            Assert.Empty(store.GetKeys("epsilon"));
        }

        [Fact]
        public void Hashed_entries_written_by_ssh_keygen_match_and_can_be_removed()
        {
            var store = StoreWith($"[10.1.2.3]:2201 ssh-ed25519 {Convert.ToBase64String(_keyA)}\nother ssh-ed25519 {Convert.ToBase64String(_keyB)}\n");
            SshLab.SshLab.Run("ssh-keygen", "-H", "-f", store.Path);
            Assert.StartsWith("|1|", File.ReadAllText(store.Path));

            Assert.Equal(_keyA, Assert.Single(store.GetKeys("[10.1.2.3]:2201")).Blob);
            Assert.Equal(1, store.Remove("[10.1.2.3]:2201"));

            Assert.Empty(store.GetKeys("[10.1.2.3]:2201"));
            Assert.Single(store.GetKeys("other"));
        }

        [Fact]
        public void Remove_drops_the_name_from_shared_lines_and_keeps_everything_else()
        {
            var a = Convert.ToBase64String(_keyA);
            var store = StoreWith($"# keep me\nhost1,host2 ssh-ed25519 {a} c\nhost1 ssh-ed25519 {Convert.ToBase64String(_keyB)}\n*.w ssh-ed25519 {a}\n");

            Assert.Equal(2, store.Remove("HOST1"));
            Assert.Equal(0, store.Remove("host1"));

            Assert.Equal($"# keep me\nhost2 ssh-ed25519 {a} c\n*.w ssh-ed25519 {a}\n", File.ReadAllText(store.Path));
        }

        [Fact]
        public async Task Concurrent_writers_lose_no_entries()
        {
            var path = Path.Combine(_dir, "known_hosts");

            await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
                new KnownHostsStore(path).Add($"[host{i}]:22{i:00}", KeyBlob("ssh-ed25519", (byte)i)))));

            var store = new KnownHostsStore(path);
            for (var i = 0; i < 40; i++)
                Assert.Equal(KeyBlob("ssh-ed25519", (byte)i), Assert.Single(store.GetKeys($"[host{i}]:22{i:00}")).Blob);
            Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        }

        [Fact]
        public void Concurrent_writers_in_other_processes_are_serialized_by_the_lock_file()
        {
            var path = Path.Combine(_dir, "known_hosts");
            var store = new KnownHostsStore(path);
            store.Add("first", _keyA);
            // Another process holds the lock: flock(1) on the same lock file, released after 0.5 s.
            using var holder = System.Diagnostics.Process.Start("flock", new[] { path + ".lock", "-c", "sleep 0.5" })!;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(5) && !LockIsHeld(path + ".lock")) Thread.Sleep(10);

            store.Add("second", _keyB);

            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.4), $"did not wait for the other process ({clock.Elapsed})");
            Assert.Single(store.GetKeys("first"));
            Assert.Single(store.GetKeys("second"));
            holder.WaitForExit();
        }

        private static bool LockIsHeld(string lockFile)
        {
            using var probe = System.Diagnostics.Process.Start("flock", new[] { "-n", lockFile, "true" })!;
            probe.WaitForExit();
            return probe.ExitCode != 0;
        }

        [Theory]
        [InlineData("SHA256:giv3xwJQUaENGRAxd9o6hsUs38mRNxh5e7bkKMEa62o", true)]
        [InlineData("SHA256:giv3xwJQUaENGRAxd9o6hsUs38mRNxh5e7bkKMEa62p", false)] // last char carries 4 bits only
        [InlineData("SHA256:giv3xwJQUaENGRAxd9o6hsUs38mRNxh5e7bkKMEa62o=", false)]
        [InlineData("sha256:giv3xwJQUaENGRAxd9o6hsUs38mRNxh5e7bkKMEa62o", false)]
        [InlineData("SHA256:giv3xwJQUaENGRAxd9o6hsUs38mRNxh5e7bkKMEa6", false)]
        [InlineData("SHA256:giv3xwJQUaENGRAxd9o6hsUs38mRNxh5e7bkKMEa6-o", false)]
        [InlineData("MD5:12:34", false)]
        [InlineData("", false)]
        [InlineData(null, false)]
        public void Pin_format_check(string? pin, bool valid) => Assert.Equal(valid, HostKeyFingerprint.IsValidSha256(pin));

        [Fact]
        public void Fingerprint_equals_ssh_keygen()
        {
            Directory.CreateDirectory(_dir);
            var key = Path.Combine(_dir, "k");
            SshLab.SshLab.Run("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", key);
            var blob = Convert.FromBase64String(File.ReadAllText(key + ".pub").Split(' ')[1]);

            Assert.Equal(SshLab.SshLab.Fingerprint(key + ".pub"), HostKeyFingerprint.Sha256(blob));
            Assert.Equal("ecdsa-sha2-nistp256", HostKeyFingerprint.KeyTypeOf(blob));
        }
    }
}
