using System.IO;
using System.Linq;
using Containarium.Core.Access;
using Containarium.Core.Model;
using Containarium.Core.SshConfig;
using Containarium.Core.Tests.Support;
using Containarium.Core.Validation;
using Xunit;

namespace Containarium.Core.Tests.Access
{
    /// <summary>
    /// Checks the access model against a real sshd on loopback: what the rendered authorized_keys line and sshd drop-in
    /// allow, and that a rendered SSH config really reaches a "box" through the restricted jump account.
    /// </summary>
    public class JumpAccountSshdTests
    {
        private static readonly string Key = SshKeys.PrivateKeyPath("ed25519", 0, "jump-test");
        private static readonly string MatchForTestUser = JumpAccountPlan.SshdMatchBlock.Replace("Match Group containarium-jump", "Match User " + System.Environment.UserName);

        private static JumpAccountPlan Plan(int port) =>
            JumpAccountPlan.Create("alice", new[] { SshPublicKey.Parse(File.ReadAllText(Key + ".pub")) }, new[] { new ForwardTarget("127.0.0.1", port) });

        private static (int, string, string) Ssh(SshdLab lab, params string[] args) =>
            Tool.Run("ssh", SshdLab.ClientOptions(Key).Concat(new[] { "-p", lab.Port.ToString() }).Concat(args).ToArray());

        [Fact]
        public void The_key_line_opens_a_tunnel_to_the_permitted_target_only()
        {
            using var box = new GreetingServer("hello-from-box");
            using var other = new GreetingServer("hello-from-elsewhere");
            using var lab = new SshdLab(Plan(box.Port).AuthorizedKeysText);

            var allowed = Ssh(lab, "-W", "127.0.0.1:" + box.Port, "root@127.0.0.1");
            Assert.Contains("hello-from-box", allowed.Item2);

            var denied = Ssh(lab, "-W", "127.0.0.1:" + other.Port, "root@127.0.0.1");
            Assert.Equal(255, denied.Item1);
            Assert.DoesNotContain("hello-from-elsewhere", denied.Item2);
            Assert.Contains("forwarding failed", denied.Item3);
            lock (lab.Log) Assert.Contains($"to connect to host 127.0.0.1 port {other.Port}, but the request was denied", lab.Log.ToString());

            // permitopen compares text: "localhost" is not "127.0.0.1".
            var byName = Ssh(lab, "-W", "localhost:" + box.Port, "root@127.0.0.1");
            Assert.DoesNotContain("hello-from-box", byName.Item2);
        }

        [Fact]
        public void Key_options_alone_allow_commands_and_remote_forwards_which_is_why_the_match_block_exists()
        {
            using var box = new GreetingServer("hello-from-box");
            using var lab = new SshdLab(Plan(box.Port).AuthorizedKeysText);
            Assert.Contains("uid=", Ssh(lab, "root@127.0.0.1", "id").Item2); // restrict does not stop a command: the shell must
            var remote = Ssh(lab, "-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:" + SshdLab.FreePort() + ":127.0.0.1:" + box.Port, "root@127.0.0.1", "true");
            Assert.Equal(0, remote.Item1);                                      // permitopen does not limit -R
        }

        [Fact]
        public void With_the_match_block_no_command_and_no_remote_forward_work_but_the_tunnel_does()
        {
            using var box = new GreetingServer("hello-from-box");
            using var lab = new SshdLab(Plan(box.Port).AuthorizedKeysText, MatchForTestUser);

            var command = Ssh(lab, "root@127.0.0.1", "id");
            Assert.DoesNotContain("uid=", command.Item2);
            Assert.NotEqual(0, command.Item1);

            var remote = Ssh(lab, "-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:" + SshdLab.FreePort() + ":127.0.0.1:" + box.Port, "root@127.0.0.1", "true");
            Assert.Equal(255, remote.Item1);
            Assert.Contains("remote port forwarding failed", remote.Item3);

            Assert.Contains("hello-from-box", Ssh(lab, "-W", "127.0.0.1:" + box.Port, "root@127.0.0.1").Item2);
        }

        [Fact]
        public void A_rendered_config_reaches_the_box_through_the_restricted_jump_account()
        {
            // The "box": an unrestricted sshd; the "backend": a jump sshd whose key line only permits the box's port.
            using var boxSshd = new SshdLab(File.ReadAllText(Key + ".pub"));
            using var jump = new SshdLab(Plan(boxSshd.Port).AuthorizedKeysText, MatchForTestUser);
            var user = System.Environment.UserName;
            var target = new BoxSshTarget("alice-box", new SshEndpoint("127.0.0.1", boxSshd.Port, user),
                new[] { new SshHop("ctr-b1", new SshEndpoint("127.0.0.1", jump.Port, user)) });
            var config = SshConfigRenderer.Render(target, new SshConfigRenderOptions { IdentityFile = Key }) +
                         "\nHost *\n    StrictHostKeyChecking no\n    UserKnownHostsFile /dev/null\n    BatchMode yes\n    LogLevel ERROR\n";
            var file = Path.Combine(jump.Dir, "user_config");
            File.WriteAllText(file, config);

            var r = Tool.Run("ssh", "-F", file, "alice-box", "echo", "inside-the-box");
            Assert.True(r.ExitCode == 0, r.Item3 + jump.Log);
            Assert.Equal("inside-the-box", r.Stdout.Trim());
        }
    }
}
