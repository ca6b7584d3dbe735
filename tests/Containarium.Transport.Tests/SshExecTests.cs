using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Transport;
using Containarium.SshLab;
using Xunit;

namespace Containarium.Transport.Tests
{
    /// <summary>Running commands on one reused connection to the lab target.</summary>
    [Collection(LabCollection.Name)]
    public sealed class SshExecTests : IDisposable
    {
        private readonly LabFixture _lab;
        private readonly SshTransport _ssh;

        public SshExecTests(LabFixture lab)
        {
            _lab = lab;
            _ssh = new SshTransport(lab.Settings(lab.Target));
        }

        public void Dispose() => _ssh.Dispose();

        [Fact]
        public async Task Exec_reports_exit_code_stdout_and_stderr()
        {
            var result = await _ssh.Run("printf 'out 1\\n'; printf 'err 1\\n' >&2; exit 3").Within(20);

            Assert.Equal(3, result.ExitCode);
            Assert.False(result.Succeeded);
            Assert.Equal("out 1\n", result.StandardOutput);
            Assert.Equal("err 1\n", result.StandardError);
        }

        [Fact]
        public async Task Exec_runs_as_the_login_user_and_decodes_utf8()
        {
            var result = await _ssh.Run(RemoteCommand.FromArguments("printf", "%s|%s", "héllo ✓", "it's").CommandLine + "; echo; id -un").Within(20);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("héllo ✓|it's\nctrtest\n", result.StandardOutput);
        }

        [Fact]
        public async Task Stdin_streams_64_MiB_intact_then_EOF()
        {
            var data = TestData.RandomBytes(TestData.SixtyFourMiB);

            var result = await _ssh.Run("sha256sum", stdin: new MemoryStream(data)).Within(60);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(TestData.Sha256Hex(data) + "  -\n", result.StandardOutput);
        }

        [Fact]
        public async Task Stdout_sink_receives_64_MiB_intact()
        {
            var data = TestData.RandomBytes(TestData.SixtyFourMiB, seed: 7);
            var file = Path.Combine(_lab.Lab.Directory, "blob-" + Guid.NewGuid().ToString("N"));
            await File.WriteAllBytesAsync(file, data);
            File.SetUnixFileMode(file, (UnixFileMode)0x1A4); // 644
            var sink = new HashingSink();

            var result = await _ssh.Run("cat " + ShellQuote.Quote(file), sink: sink).Within(60);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.StandardOutput);
            Assert.Equal(data.Length, sink.Count);
            Assert.Equal(TestData.Sha256Hex(data), sink.Sha256Hex());
            File.Delete(file);
        }

        [Fact]
        public async Task Command_reading_stdin_gets_EOF_at_once_when_no_stdin_is_given()
        {
            var (result, elapsed) = await TestData.Timed(() => _ssh.Run("cat; echo after-eof").Within(20));

            Assert.Equal("after-eof\n", result.StandardOutput);
            Assert.True(elapsed < TimeSpan.FromSeconds(15), $"took {elapsed}");
        }

        [Fact]
        public async Task Empty_stdin_stream_also_ends_with_EOF()
        {
            var result = await _ssh.Run("wc -c", stdin: new MemoryStream()).Within(20);

            Assert.Equal("0", result.StandardOutput.Trim());
        }

        [Fact]
        public async Task A_command_without_stdin_reads_dev_null_and_ends()
        {
            var result = await _ssh.Run("cat; echo after-eof").Within(20);

            Assert.Equal("after-eof\n", result.StandardOutput);
        }

        [Fact]
        public async Task An_empty_stdin_stream_without_SSHNET_internals_still_runs_commands_that_do_not_read_it()
        {
            SshNetInternals.DisableForTests = true;
            try
            {
                var result = await _ssh.Run("echo no-read", stdin: new MemoryStream(new byte[] { 1 })).Within(20);
                Assert.Equal("no-read\n", result.StandardOutput);
            }
            finally
            {
                SshNetInternals.DisableForTests = false;
            }
        }

        [Fact]
        public async Task Hundreds_of_instant_commands_in_parallel_never_break_the_connection()
        {
            // Regression: a channel EOF sent after a command had already ended made sshd drop the whole connection.
            using var ssh = new SshTransport(_lab.Settings(_lab.Target, _lab.Jump1));

            var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ =>
                ssh.RunAsync(new RemoteCommand("true"), CancellationToken.None))).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.All(results, r => Assert.Equal(0, r.ExitCode));
            Assert.Equal(1, ssh.ConnectCount);
            Assert.Equal(2, ssh.HandshakeCount);
        }

        [Fact]
        public async Task Command_timeout_closes_the_channel_and_stops_the_remote_process()
        {
            var marker = "31." + Random.Shared.Next(100000, 999999);

            var (error, elapsed) = await TestData.TimedThrows<TransportException>(() =>
                _ssh.Run("exec sleep " + marker, timeout: TimeSpan.FromSeconds(1)).Within(20));

            Assert.Equal(TransportFailure.CommandTimeout, error.Failure);
            Assert.Equal(_lab.Target.Endpoint.ToString(), error.Hop);
            Assert.Contains("sleep " + marker, error.Message);
            Assert.True(elapsed < TimeSpan.FromSeconds(15), $"took {elapsed}");
            // The remote sleep received TERM and disappears.
            await WaitUntilGone("sleep " + marker);
            // The connection is still usable.
            Assert.Equal("ok\n", (await _ssh.Run("echo ok").Within(20)).StandardOutput);
        }

        /// <summary>Polls the host until no process command line contains <paramref name="pattern"/> (pgrep exits 1).</summary>
        private async Task WaitUntilGone(string pattern)
        {
            for (var i = 0; i < 50; i++)
            {
                // "[x]yz" matches "xyz" but not the pgrep command line itself.
                var regex = "[" + pattern[0] + "]" + pattern.Substring(1);
                if ((await _ssh.Run("pgrep -f " + ShellQuote.Quote(regex) + " >/dev/null").Within(20)).ExitCode == 1) return;
                await Task.Delay(100);
            }
            Assert.Fail($"a remote process matching '{pattern}' is still running");
        }

        [Fact]
        public async Task Cancellation_closes_the_channel_promptly()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

            var (error, elapsed) = await TestData.TimedThrows<OperationCanceledException>(() => _ssh.Run("sleep 30", ct: cts.Token).Within(20));

            Assert.Equal(cts.Token, error.CancellationToken);
            Assert.True(elapsed < TimeSpan.FromSeconds(15), $"took {elapsed}");
            Assert.Equal("ok\n", (await _ssh.Run("echo ok").Within(20)).StandardOutput);
        }

        [Fact]
        public async Task Failing_stdin_source_kills_the_command_instead_of_sending_EOF()
        {
            var target = Path.Combine("/tmp", "ctr-partial-" + Guid.NewGuid().ToString("N"));

            var error = await Assert.ThrowsAsync<IOException>(() =>
                _ssh.Run("cat > " + target + " && echo complete > " + target + ".done", stdin: new FailingSource(1 << 20)).Within(20));

            Assert.Equal("source broke", error.Message);
            await WaitUntilGone(target);
            Assert.False(File.Exists(target + ".done"), "the remote command saw partial input as complete");
            File.Delete(target);
        }

        [Fact]
        public async Task Stderr_keeps_only_the_last_64_KiB()
        {
            var result = await _ssh.Run("head -c 300000 /dev/zero | tr '\\0' e >&2; printf END >&2").Within(20);

            Assert.EndsWith("eeeEND", result.StandardError);
            Assert.Contains("earlier bytes of stderr omitted", result.StandardError);
            Assert.True(result.StandardError.Length < 64 * 1024 + 100, $"stderr length {result.StandardError.Length}");
        }

        [Fact]
        public async Task Twenty_parallel_commands_share_one_connection()
        {
            using var ssh = new SshTransport(_lab.Settings(_lab.Target));

            var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
                ssh.RunAsync(new RemoteCommand($"sleep 0.2; echo {i}"), CancellationToken.None))).WaitAsync(TimeSpan.FromSeconds(30));
            for (var i = 0; i < 10; i++) await ssh.RunAsync(new RemoteCommand("true"), CancellationToken.None).Within(20);

            Assert.Equal(Enumerable.Range(0, 20).Select(i => i + "\n"), results.Select(r => r.StandardOutput));
            Assert.Equal(1, ssh.HandshakeCount);
            Assert.Equal(1, ssh.ConnectCount);
        }

        [Fact]
        public async Task Process_wide_handshake_counter_counts_every_hop()
        {
            var before = SshTransport.TotalHandshakeCount;
            using var ssh = new SshTransport(_lab.Settings(_lab.Target, _lab.Jump1));

            await ssh.RunAsync(new RemoteCommand("true"), CancellationToken.None).Within(20);
            await ssh.RunAsync(new RemoteCommand("true"), CancellationToken.None).Within(20);

            Assert.Equal(2, ssh.HandshakeCount);
            Assert.True(SshTransport.TotalHandshakeCount - before >= 2);
        }
    }
}
