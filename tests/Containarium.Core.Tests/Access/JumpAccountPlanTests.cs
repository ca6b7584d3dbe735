using System;
using System.Linq;
using Containarium.Core.Access;
using Containarium.Core.Tests.Support;
using Containarium.Core.Transport;
using Containarium.Core.Validation;
using Xunit;

namespace Containarium.Core.Tests.Access
{
    public class JumpAccountPlanTests
    {
        private static readonly SshPublicKey Key1 = SshPublicKey.Parse(SshKeys.Ed25519(1, "alice@laptop"));
        private static readonly SshPublicKey Key2 = SshPublicKey.Parse(SshKeys.Ed25519(2));

        [Fact]
        public void Lines_restrict_everything_but_a_tunnel_to_the_users_own_box()
        {
            var plan = JumpAccountPlan.Create("alice", new[] { Key1, Key2, Key1 }, new[] { new ForwardTarget("127.0.0.1", 22001) });
            Assert.Equal("alice", plan.AccountName);
            Assert.Equal(new[]
            {
                "restrict,port-forwarding,permitopen=\"127.0.0.1:22001\" " + Key1.Canonical,
                "restrict,port-forwarding,permitopen=\"127.0.0.1:22001\" " + Key2.Canonical,
            }, plan.AuthorizedKeysLines);
            Assert.Equal(string.Join("\n", plan.AuthorizedKeysLines) + "\n", plan.AuthorizedKeysText);
        }

        [Fact]
        public void Several_targets_and_ipv6_use_permitopen_syntax()
        {
            var plan = JumpAccountPlan.Create("bob_x", new[] { Key1 }, new[] { new ForwardTarget("10.1.1.1", 22), new ForwardTarget("fd42::5", 2201) });
            Assert.Equal("restrict,port-forwarding,permitopen=\"10.1.1.1:22\",permitopen=\"[fd42::5]:2201\"", plan.KeyOptions);
        }

        [Fact]
        public void Ssh_keygen_reads_the_lines_back_as_the_same_keys()
        {
            var plan = JumpAccountPlan.Create("alice", new[] { SshPublicKey.Parse(SshKeys.Real("ed25519", 0, "alice@laptop")) }, new[] { new ForwardTarget("127.0.0.1", 22001) });
            var keygen = SshKeys.KeygenFingerprint(plan.AuthorizedKeysLines.Single());
            Assert.Contains(plan.Keys.Single().Fingerprint, keygen);
        }

        [Fact]
        public void Account_creation_arguments_follow_the_documented_rules()
        {
            var plan = JumpAccountPlan.Create("alice", new[] { Key1 }, new[] { new ForwardTarget("127.0.0.1", 22001) });
            var args = plan.UseraddArguments.ToList();
            Assert.Equal("useradd", args[0]);
            Assert.Equal("alice", args[args.Count - 1]);
            Assert.Equal("/usr/sbin/nologin", args[args.IndexOf("--shell") + 1]);
            Assert.Equal("*", args[args.IndexOf("--password") + 1]);
            Assert.Equal(new[] { "SUB_UID_COUNT=0", "SUB_GID_COUNT=0" }, args.Select((a, i) => (a, i)).Where(x => x.a == "-K").Select(x => args[x.i + 1]));
            Assert.Equal(new[] { "flock", "-w", "30", JumpAccountPlan.LockFile }, plan.LockedUseraddArguments.Take(4));
            Assert.Equal(args, plan.LockedUseraddArguments.Skip(4));
            Assert.Equal("flock -w 30 /var/lock/containarium-accounts.lock useradd --create-home --shell /usr/sbin/nologin --password '*' " +
                         "--gid containarium-jump --comment 'Containarium jump account' -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 alice",
                ShellQuote.Join(plan.LockedUseraddArguments));
            Assert.Equal(new[] { "groupadd", "-f", "containarium-jump" }, JumpAccountPlan.GroupaddArguments);
        }

        [Fact]
        public void The_sshd_match_block_closes_what_key_options_cannot()
        {
            var block = JumpAccountPlan.SshdMatchBlock;
            Assert.StartsWith("Match Group containarium-jump\n", block);
            foreach (var line in new[] { "AllowTcpForwarding local", "AllowStreamLocalForwarding no", "PermitListen none", "PermitTTY no", "ForceCommand /usr/sbin/nologin" })
                Assert.Contains("    " + line + "\n", block);
        }

        [Theory]
        [InlineData("root")]
        [InlineData("Alice")]
        [InlineData("alice;id")]
        [InlineData("$(id)")]
        [InlineData("")]
        public void Account_names_follow_the_developer_account_rule(string name)
        {
            Assert.Throws<ArgumentException>(() => JumpAccountPlan.Create(name, new[] { Key1 }, new[] { new ForwardTarget("127.0.0.1", 1) }));
        }

        [Fact]
        public void A_plan_needs_keys_and_targets()
        {
            Assert.Throws<ArgumentException>(() => JumpAccountPlan.Create("alice", Array.Empty<SshPublicKey>(), new[] { new ForwardTarget("127.0.0.1", 1) }));
            Assert.Throws<ArgumentException>(() => JumpAccountPlan.Create("alice", new[] { Key1 }, Array.Empty<ForwardTarget>()));
        }

        [Theory]
        [InlineData("127.0.0.1\",command=\"sh", 22)]
        [InlineData("127.0.0.1 x", 22)]
        [InlineData("fe80::1%eth0", 22)]
        [InlineData("127.0.0.1", 0)]
        [InlineData("127.0.0.1", 65536)]
        public void Targets_cannot_break_out_of_the_permitopen_quotes(string host, int port)
        {
            Assert.Throws<ArgumentException>(() => new ForwardTarget(host, port));
        }
    }
}
