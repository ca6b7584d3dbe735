using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Transport;
using Containarium.SshLab;
using Xunit;

namespace Containarium.Transport.Tests
{
    [Collection(LabCollection.Name)]
    public sealed class SshConnectionPoolTests
    {
        private readonly LabFixture _lab;

        public SshConnectionPoolTests(LabFixture lab) => _lab = lab;

        [Fact]
        public async Task Same_route_gets_the_same_connected_transport_from_any_thread()
        {
            var pool = new SshConnectionPool();
            var settings = _lab.Settings(_lab.Target, _lab.Jump1);

            var transports = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                var t = pool.Get(settings);
                await t.RunAsync(new RemoteCommand("true"), CancellationToken.None);
                return t;
            }))).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.All(transports, t => Assert.Same(transports[0], t));
            Assert.Equal(2, transports[0].HandshakeCount); // one connect: jump + target
            Assert.Equal(1, pool.Count);
            pool.DisposeAll();
            Assert.Equal(0, pool.Count);
            Assert.False(transports[0].IsConnected);
        }

        [Fact]
        public async Task Remove_closes_the_route_and_the_next_get_makes_a_new_one()
        {
            var pool = new SshConnectionPool();
            var settings = _lab.Settings(_lab.Target);
            var first = pool.Get(settings);
            await first.ConnectAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

            Assert.True(pool.Remove(settings.RouteKey));
            Assert.False(pool.Remove(settings.RouteKey));

            Assert.False(first.IsConnected);
            Assert.NotSame(first, pool.Get(settings));
            pool.DisposeAll();
        }

        [Fact]
        public async Task A_route_that_failed_to_connect_is_retried_by_the_next_call()
        {
            var pool = new SshConnectionPool();
            using var server = _lab.Lab.StartSshd("late");
            var settings = _lab.Settings(server);
            server.Stop();
            var transport = pool.Get(settings);
            var error = await Assert.ThrowsAsync<TransportException>(() => transport.RunAsync(new RemoteCommand("true"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal(TransportFailure.Unreachable, error.Failure);

            server.Start();

            var again = pool.Get(settings);
            Assert.Same(transport, again);
            Assert.Equal("ok\n", (await again.RunAsync(new RemoteCommand("echo ok"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20))).StandardOutput);
            pool.DisposeAll();
        }

        [Fact]
        public async Task Changed_passphrase_replaces_a_transport_built_with_the_wrong_one()
        {
            var pool = new SshConnectionPool();
            var settings = new SshConnectionSettings(_lab.Target.Endpoint, _lab.Lab.PassphraseKeyFile)
            {
                KeyPassphrase = "wrong",
                KnownHostsPath = _lab.Lab.NewKnownHostsPath(),
            };
            var wrong = pool.Get(settings);
            await Assert.ThrowsAsync<TransportException>(() => wrong.ConnectAsync(CancellationToken.None));

            settings.KeyPassphrase = SshLab.SshLab.Passphrase;
            var right = pool.Get(settings);

            Assert.NotSame(wrong, right);
            await right.ConnectAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            pool.DisposeAll();
        }
    }

    public sealed class LocalTransportTests
    {
        private readonly LocalTransport _local = new LocalTransport(new Dictionary<string, string> { ["INCUS_DIR"] = "/var/lib/incus-test" });

        [Fact]
        public async Task Exit_code_stdout_stderr_and_extra_environment()
        {
            var result = await _local.Run("echo \"dir=$INCUS_DIR\"; echo oops >&2; exit 4").Within(20);

            Assert.Equal(4, result.ExitCode);
            Assert.Equal("dir=/var/lib/incus-test\n", result.StandardOutput);
            Assert.Equal("oops\n", result.StandardError);
            Assert.Equal("local (INCUS_DIR=/var/lib/incus-test)", _local.Description);
        }

        [Theory]
        [InlineData("plain")]
        [InlineData("two words")]
        [InlineData("quote \" inside")]
        [InlineData("back\\slash \\\" mix\\\\")]
        [InlineData("trailing backslash\\")]
        [InlineData("new\nline and 'single' $HOME `tick`")]
        [InlineData("")]
        public async Task Command_line_reaches_sh_unchanged(string text)
        {
            var result = await _local.Run(RemoteCommand.FromArguments("printf", "%s", text).CommandLine).Within(20);

            Assert.Equal(text, result.StandardOutput);
        }

        [Fact]
        public async Task Stdin_is_streamed_then_closed_and_absent_stdin_is_EOF_at_once()
        {
            var data = TestData.RandomBytes(8 * 1024 * 1024);

            Assert.Equal(TestData.Sha256Hex(data) + "  -\n", (await _local.Run("sha256sum", stdin: new MemoryStream(data)).Within(30)).StandardOutput);
            Assert.Equal("eof\n", (await _local.Run("cat; echo eof").Within(20)).StandardOutput);
        }

        [Fact]
        public async Task Stdout_goes_to_the_sink()
        {
            var sink = new HashingSink();

            var result = await _local.Run("head -c 16777216 /dev/zero", sink: sink).Within(30);

            Assert.Equal("", result.StandardOutput);
            Assert.Equal(16777216, sink.Count);
            Assert.Equal(TestData.Sha256Hex(new byte[16777216]), sink.Sha256Hex());
        }

        [Fact]
        public async Task Timeout_kills_the_process_tree()
        {
            var marker = Path.Combine(Path.GetTempPath(), "ctr-local-" + Guid.NewGuid().ToString("N"));

            var (error, elapsed) = await TestData.TimedThrows<TransportException>(() =>
                _local.Run($"sleep 30 & wait; touch {marker}", timeout: TimeSpan.FromMilliseconds(500)).Within(20));

            Assert.Equal(TransportFailure.CommandTimeout, error.Failure);
            // Well before the 30 s the command would take: the timeout ended it (a loaded machine can take seconds).
            Assert.True(elapsed < TimeSpan.FromSeconds(15), $"took {elapsed}");
            Assert.False(File.Exists(marker));
        }

        [Fact]
        public async Task Cancellation_is_prompt()
        {
            using var cts = new CancellationTokenSource(300);

            var (_, elapsed) = await TestData.TimedThrows<OperationCanceledException>(() => _local.Run("sleep 30", ct: cts.Token).Within(20));

            // Well before the 30 s the command would take: the cancellation ended it.
            Assert.True(elapsed < TimeSpan.FromSeconds(15), $"took {elapsed}");
        }
    }
}
