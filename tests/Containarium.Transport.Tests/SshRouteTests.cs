using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Model;
using Containarium.Core.Transport;
using System.Linq;
using Xunit;

namespace Containarium.Transport.Tests
{
    /// <summary>Connecting: jump chains, unreachable hops, timeouts, reconnects, authentication and key files.</summary>
    [Collection(LabCollection.Name)]
    public sealed class SshRouteTests
    {
        private readonly LabFixture _lab;

        public SshRouteTests(LabFixture lab) => _lab = lab;

        private static Task<CommandResult> Run(SshTransport ssh, string commandLine) =>
            ssh.RunAsync(new RemoteCommand(commandLine), CancellationToken.None).Within(30);

        /// <summary>SSH_CONNECTION's fourth field is the server port, i.e. which sshd ran the command.</summary>
        private static async Task<int> ServerPort(SshTransport ssh) =>
            int.Parse((await Run(ssh, "echo $SSH_CONNECTION")).StandardOutput.Trim().Split(' ')[3]);

        [Fact]
        public async Task One_jump_reaches_the_target_and_checks_both_host_keys_under_their_real_names()
        {
            using var ssh = new SshTransport(_lab.Settings(_lab.Target, _lab.Jump1));

            Assert.Equal(_lab.Target.Port, await ServerPort(ssh));
            Assert.Equal($"{_lab.Target.Endpoint} via {_lab.Jump1.Endpoint}", ssh.Description);
            Assert.Collection(ssh.HostKeys,
                jump =>
                {
                    Assert.True(jump.IsJumpHost);
                    Assert.Equal($"[127.0.0.1]:{_lab.Jump1.Port}", jump.KnownHostsName);
                    Assert.Equal(_lab.Jump1.HostKeyFingerprint, jump.Fingerprint);
                    Assert.Equal(HostKeyStatus.Recorded, jump.Status);
                },
                target =>
                {
                    Assert.False(target.IsJumpHost);
                    Assert.Equal(_lab.Target.Endpoint.ToString(), target.Hop);
                    Assert.Equal($"[127.0.0.1]:{_lab.Target.Port}", target.KnownHostsName);
                    Assert.Equal(_lab.Target.HostKeyFingerprint, target.Fingerprint);
                    Assert.Equal("ssh-ed25519", target.KeyType);
                });
        }

        [Fact]
        public async Task Two_jumps_reach_the_target()
        {
            using var ssh = new SshTransport(_lab.Settings(_lab.Target, _lab.Jump1, _lab.Jump2));

            Assert.Equal(_lab.Target.Port, await ServerPort(ssh));
            Assert.Equal(new[] { _lab.Jump1.HostKeyFingerprint, _lab.Jump2.HostKeyFingerprint, _lab.Target.HostKeyFingerprint },
                ssh.HostKeys.Select(k => k.Fingerprint));
            Assert.Equal(3, ssh.HandshakeCount);
        }

        [Fact]
        public async Task Hops_without_a_user_log_in_as_the_target_user()
        {
            var settings = _lab.Settings(_lab.Target);
            settings.JumpHosts = new[] { new SshEndpoint("127.0.0.1", _lab.Jump1.Port) };
            using var ssh = new SshTransport(settings);

            Assert.Equal(_lab.Target.Port, await ServerPort(ssh));
            Assert.Equal(_lab.Jump1.Endpoint.ToString(), ssh.HostKeys[0].Hop);
        }

        [Fact]
        public async Task Stopped_jump_host_is_reported_unreachable_by_name_within_the_connect_timeout()
        {
            using var jump = _lab.Lab.StartSshd("jump-stopped");
            var settings = _lab.Settings(_lab.Target, jump);
            settings.ConnectTimeout = TimeSpan.FromSeconds(3);
            jump.Stop();
            using var ssh = new SshTransport(settings);

            var (error, elapsed) = await TestData.TimedThrows<TransportException>(() => ssh.ConnectAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));

            Assert.Equal(TransportFailure.Unreachable, error.Failure);
            Assert.Equal(jump.Endpoint.ToString(), error.Hop);
            Assert.StartsWith($"Jump host {jump.Endpoint} unreachable: ", error.Message);
            Assert.True(elapsed < settings.ConnectTimeout, $"took {elapsed}");
        }

        [Fact]
        public async Task Unreachable_second_jump_is_named_with_the_reason_the_first_jump_gave()
        {
            var deadPort = SshLab.SshLab.FreePort();
            var settings = _lab.Settings(_lab.Target, _lab.Jump1);
            settings.JumpHosts = new[] { _lab.Jump1.Endpoint, new SshEndpoint("127.0.0.1", deadPort, SshLab.SshLab.UserName) };
            using var ssh = new SshTransport(settings);

            var error = await Assert.ThrowsAsync<TransportException>(() => ssh.ConnectAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));

            Assert.Equal(TransportFailure.Unreachable, error.Failure);
            Assert.Equal($"ctrtest@127.0.0.1:{deadPort}", error.Hop);
            Assert.StartsWith($"Jump host ctrtest@127.0.0.1:{deadPort} unreachable: jump host {_lab.Jump1.Endpoint} could not open a connection to it", error.Message);
        }

        [Fact]
        public async Task Connect_times_out_against_a_server_that_accepts_and_never_speaks()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var accepted = listener.AcceptSocketAsync();
            try
            {
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                var settings = new SshConnectionSettings(new SshEndpoint("127.0.0.1", port, "ctrtest"), _lab.Lab.KeyFile)
                {
                    KnownHostsPath = _lab.Lab.NewKnownHostsPath(),
                    ConnectTimeout = TimeSpan.FromSeconds(1),
                };
                using var ssh = new SshTransport(settings);

                var (error, elapsed) = await TestData.TimedThrows<TransportException>(() => ssh.ConnectAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));

                Assert.Equal(TransportFailure.Unreachable, error.Failure);
                Assert.Contains($"Host ctrtest@127.0.0.1:{port} unreachable", error.Message);
                Assert.True(accepted.IsCompleted, "the listener never saw the connection");
                Assert.InRange(elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public async Task Next_call_reconnects_after_sshd_restart()
        {
            using var server = _lab.Lab.StartSshd("restart");
            using var ssh = new SshTransport(_lab.Settings(server));
            Assert.Equal("1\n", (await Run(ssh, "echo 1")).StandardOutput);

            server.Restart();

            Assert.Equal("2\n", (await Run(ssh, "echo 2")).StandardOutput);
            Assert.Equal(2, ssh.ConnectCount);
            Assert.Equal(2, ssh.HandshakeCount);
            Assert.Equal(HostKeyStatus.Known, ssh.HostKeys[0].Status);
        }

        [Fact]
        public async Task Command_that_never_reached_a_silently_dead_connection_runs_once_on_a_new_one()
        {
            using var relay = new TcpRelay(_lab.Target.Port);
            var settings = _lab.Settings(_lab.Target);
            using var ssh = new SshTransport(new SshConnectionSettings(new SshEndpoint("127.0.0.1", relay.Port, SshLab.SshLab.UserName), _lab.Lab.KeyFile)
            {
                KnownHostsPath = settings.KnownHostsPath,
            });
            await Run(ssh, "true");
            var marker = "/tmp/ctr-once-" + Guid.NewGuid().ToString("N");

            relay.SeverExisting();
            var result = await Run(ssh, $"echo x >> {marker}; echo ran");

            Assert.Equal("ran\n", result.StandardOutput);
            Assert.Equal("x\n", System.IO.File.ReadAllText(marker));
            Assert.Equal(2, ssh.ConnectCount);
            System.IO.File.Delete(marker);
        }

        [Fact]
        public async Task Command_running_when_the_connection_drops_fails_with_ConnectionLost_and_is_not_rerun()
        {
            using var server = _lab.Lab.StartSshd("drop");
            using var ssh = new SshTransport(_lab.Settings(server));
            var marker = "/tmp/ctr-ran-" + Guid.NewGuid().ToString("N");
            await Run(ssh, "true");
            var running = ssh.RunAsync(new RemoteCommand($"echo x >> {marker}; sleep 30"), CancellationToken.None);
            for (var i = 0; i < 100 && !System.IO.File.Exists(marker); i++) await Task.Delay(50);

            server.Stop();

            var error = await Assert.ThrowsAsync<TransportException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(TransportFailure.ConnectionLost, error.Failure);
            Assert.Equal(server.Endpoint.ToString(), error.Hop);
            Assert.Equal("x\n", System.IO.File.ReadAllText(marker));
            System.IO.File.Delete(marker);
        }

        [Fact]
        public async Task Upload_whose_connection_drops_mid_stream_fails_with_ConnectionLost_not_a_socket_error()
        {
            using var server = _lab.Lab.StartSshd("drop-upload");
            using var ssh = new SshTransport(_lab.Settings(server));
            await Run(ssh, "true");
            var uploading = ssh.RunAsync(new RemoteCommand("cat >/dev/null") { StandardInput = new SshLab.ZeroSource(64L << 30) }, CancellationToken.None);
            await Task.Delay(1000);
            Assert.False(uploading.IsCompleted, "the upload ended before the link was cut");

            server.Stop();

            var error = await Assert.ThrowsAsync<TransportException>(() => uploading.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(TransportFailure.ConnectionLost, error.Failure);
            Assert.Equal(server.Endpoint.ToString(), error.Hop);
        }

        [Fact]
        public async Task Key_the_server_does_not_accept_fails_authentication_naming_the_host()
        {
            var settings = _lab.Settings(_lab.Target);
            using var ssh = new SshTransport(new SshConnectionSettings(settings.Target, _lab.Lab.UnauthorizedKeyFile) { KnownHostsPath = settings.KnownHostsPath });

            var error = await Assert.ThrowsAsync<TransportException>(() => ssh.ConnectAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));

            Assert.Equal(TransportFailure.AuthenticationFailed, error.Failure);
            Assert.Equal(_lab.Target.Endpoint.ToString(), error.Hop);
            Assert.Contains(_lab.Lab.UnauthorizedKeyFile, error.Message);
        }

        [Fact]
        public async Task Missing_key_file_is_a_configuration_error_naming_the_file()
        {
            var missing = System.IO.Path.Combine(_lab.Lab.Directory, "no-such-key");
            using var ssh = new SshTransport(new SshConnectionSettings(_lab.Target.Endpoint, missing) { KnownHostsPath = _lab.Lab.NewKnownHostsPath() });

            var error = await Assert.ThrowsAsync<TransportException>(() => ssh.RunAsync(new RemoteCommand("true"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));

            Assert.Equal(TransportFailure.Configuration, error.Failure);
            Assert.Contains($"'{missing}'", error.Message);
            Assert.Equal(0, ssh.HandshakeCount);
        }

        [Theory]
        [InlineData(SshLab.SshLab.Passphrase, null)]
        [InlineData("wrong passphrase", "could not be decrypted")]
        [InlineData(null, "a passphrase is needed")]
        public async Task Passphrase_protected_key(string? passphrase, string? expectedError)
        {
            var settings = new SshConnectionSettings(_lab.Target.Endpoint, _lab.Lab.PassphraseKeyFile)
            {
                KeyPassphrase = passphrase,
                KnownHostsPath = _lab.Lab.NewKnownHostsPath(),
            };
            using var ssh = new SshTransport(settings);

            if (expectedError == null)
            {
                Assert.Equal("ok\n", (await Run(ssh, "echo ok")).StandardOutput);
                return;
            }
            var error = await Assert.ThrowsAsync<TransportException>(() => ssh.ConnectAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal(TransportFailure.Configuration, error.Failure);
            Assert.Contains(_lab.Lab.PassphraseKeyFile, error.Message);
            Assert.Contains(expectedError, error.Message);
        }

        [Fact]
        public async Task Pem_rsa_key_works()
        {
            using var ssh = new SshTransport(new SshConnectionSettings(_lab.Target.Endpoint, _lab.Lab.PemRsaKeyFile) { KnownHostsPath = _lab.Lab.NewKnownHostsPath() });

            Assert.Equal("ok\n", (await Run(ssh, "echo ok")).StandardOutput);
        }

        [Fact]
        public async Task Missing_known_hosts_path_is_a_configuration_error()
        {
            using var ssh = new SshTransport(new SshConnectionSettings(_lab.Target.Endpoint, _lab.Lab.KeyFile));

            var error = await Assert.ThrowsAsync<TransportException>(() => ssh.ConnectAsync(CancellationToken.None));

            Assert.Equal(TransportFailure.Configuration, error.Failure);
            Assert.Contains("KnownHostsPath", error.Message);
        }
    }
}
