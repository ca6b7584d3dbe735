using Containarium.Core.Incus;
using Containarium.Core.Transport;
using Xunit;

namespace Containarium.Core.Tests.Incus
{
    /// <summary>
    /// A daemon still on its start tasks refuses requests before acting on them: only that answer may be asked again
    /// (StaleCopyGuard waits on it); a missing box, a conflict or a daemon that is down are not it.
    /// </summary>
    public class ServerNotReadyTests
    {
        private static IncusException Refusal(CommandResult result) =>
            Assert.Throws<IncusException>(() => IncusEnvelope.Parse(result, "/1.0/instances/b"));

        [Fact]
        public void The_api_answer_of_a_daemon_still_starting_is_not_ready()
        {
            var e = Refusal(new CommandResult(0, "{\"type\":\"error\",\"error\":\"Server isn't ready yet\",\"error_code\":503,\"metadata\":null}", ""));
            Assert.Equal(503, e.StatusCode);
            Assert.True(e.ServerNotReady);
        }

        [Fact]
        public void The_cli_text_of_a_daemon_still_starting_is_not_ready()
        {
            Assert.True(Refusal(new CommandResult(1, "", "Error: Server isn't ready yet\n")).ServerNotReady);
        }

        [Theory]
        [InlineData(0, "{\"type\":\"error\",\"error\":\"Instance not found\",\"error_code\":404,\"metadata\":null}", "")]
        [InlineData(0, "{\"type\":\"error\",\"error\":\"The instance is already stopped\",\"error_code\":400,\"metadata\":null}", "")]
        [InlineData(1, "", "Error: The incus daemon doesn't appear to be started (socket path: /var/lib/incus/unix.socket)\n")]
        public void Other_refusals_are_not(int exit, string stdout, string stderr)
        {
            Assert.False(Refusal(new CommandResult(exit, stdout, stderr)).ServerNotReady);
        }
    }
}
