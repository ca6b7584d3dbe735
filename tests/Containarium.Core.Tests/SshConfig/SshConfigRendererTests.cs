using System;
using System.IO;
using Containarium.Core.Model;
using Containarium.Core.SshConfig;
using Containarium.Core.Tests.Support;
using Xunit;

namespace Containarium.Core.Tests.SshConfig
{
    public class SshConfigRendererTests
    {
        private static BoxSshTarget SingleHop() =>
            new BoxSshTarget("alice-box", new SshEndpoint("127.0.0.1", 22001, "alice"),
                new[] { new SshHop("ctr-b1", new SshEndpoint("b1.example.com", 2222, "alice")) });

        private static BoxSshTarget DoubleHop(string box = "alice-box", int port = 22, string user = "alice") =>
            new BoxSshTarget(box, new SshEndpoint("10.0.3.100", port, user),
                new[] { new SshHop("ctr-jump", new SshEndpoint("35.1.1.1", 22, user)), new SshHop("ctr-b1", new SshEndpoint("10.1.1.1", 22, user)) });

        [Fact]
        public void Single_hop_renders_the_expected_blocks()
        {
            var text = SshConfigRenderer.Render(SingleHop(), new SshConfigRenderOptions { IdentityFile = "~/.ssh/id_ed25519" });
            Assert.Equal(
                "Host alice-box\n    HostName 127.0.0.1\n    Port 22001\n    User alice\n    ProxyJump ctr-b1\n    IdentityFile ~/.ssh/id_ed25519\n    IdentitiesOnly yes\n" +
                "\n" +
                "Host ctr-b1\n    HostName b1.example.com\n    Port 2222\n    User alice\n    IdentityFile ~/.ssh/id_ed25519\n    IdentitiesOnly yes\n", text);
            Assert.DoesNotContain("StrictHostKeyChecking", text);
        }

        [Fact]
        public void Single_hop_resolves_in_real_ssh()
        {
            var text = SshConfigRenderer.Render(SingleHop());
            var box = SshG.Resolve(text, "alice-box");
            Assert.Equal(("127.0.0.1", "22001", "alice", "ctr-b1"), (box.One("hostname"), box.One("port"), box.One("user"), box.One("proxyjump")));
            Assert.Equal("no", box.One("identitiesonly"));
            var hop = SshG.Resolve(text, "ctr-b1");
            Assert.Equal(("b1.example.com", "2222", "alice", "(absent)"), (hop.One("hostname"), hop.One("port"), hop.One("user"), hop.One("proxyjump")));
        }

        [Fact]
        public void Double_hop_resolves_to_the_chained_proxyjump_in_real_ssh()
        {
            var text = SshConfigRenderer.Render(DoubleHop(), new SshConfigRenderOptions { IdentityFile = "/home/alice/.ssh/id_ed25519" });
            var box = SshG.Resolve(text, "alice-box");
            Assert.Equal(("10.0.3.100", "22", "alice", "ctr-jump,ctr-b1"), (box.One("hostname"), box.One("port"), box.One("user"), box.One("proxyjump")));
            Assert.Equal(("/home/alice/.ssh/id_ed25519", "yes"), (box.One("identityfile"), box.One("identitiesonly")));
            var jump = SshG.Resolve(text, "ctr-jump");
            Assert.Equal(("35.1.1.1", "alice"), (jump.One("hostname"), jump.One("user")));
            var backend = SshG.Resolve(text, "ctr-b1");
            Assert.Equal(("10.1.1.1", "(absent)"), (backend.One("hostname"), backend.One("proxyjump")));
        }

        [Fact]
        public void Prefix_applies_to_every_alias_and_ssh_follows_it()
        {
            var text = SshConfigRenderer.Render(DoubleHop(), new SshConfigRenderOptions { AliasPrefix = "acme-" });
            Assert.Contains("Host acme-alice-box\n", text);
            Assert.Contains("Host acme-ctr-jump\n", text);
            Assert.Equal("acme-ctr-jump,acme-ctr-b1", SshG.Resolve(text, "acme-alice-box").One("proxyjump"));
            Assert.Equal("10.1.1.1", SshG.Resolve(text, "acme-ctr-b1").One("hostname"));
        }

        [Fact]
        public void Several_boxes_share_one_jump_block()
        {
            var text = SshConfigRenderer.Render(new[] { DoubleHop("alice-box"), DoubleHop("alice-gpu", 2201) });
            Assert.Equal(1, CountOf(text, "Host ctr-jump\n"));
            Assert.Equal("2201", SshG.Resolve(text, "alice-gpu").One("port"));
            Assert.Equal("22", SshG.Resolve(text, "alice-box").One("port"));
        }

        [Fact]
        public void Conflicting_or_clashing_aliases_are_refused()
        {
            var other = new BoxSshTarget("bob-box", new SshEndpoint("10.0.3.7", 22, "bob"), new[] { new SshHop("ctr-jump", new SshEndpoint("35.9.9.9", 22, "bob")) });
            Assert.Contains("names two different hosts", Assert.Throws<ArgumentException>(() => SshConfigRenderer.Render(new[] { DoubleHop(), other })).Message);
            var clash = new BoxSshTarget("ctr-b1", new SshEndpoint("10.0.3.7", 22, "alice"));
            Assert.Contains("both a box and a jump host", Assert.Throws<ArgumentException>(() => SshConfigRenderer.Render(new[] { DoubleHop(), clash })).Message);
            Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => SshConfigRenderer.Render(new[] { DoubleHop(), DoubleHop() })).Message);
            Assert.Throws<ArgumentException>(() => new BoxSshTarget("x", new SshEndpoint("h"), new[] { new SshHop("j", new SshEndpoint("a")), new SshHop("J", new SshEndpoint("b")) }));
        }

        [Fact]
        public void Direct_access_has_no_proxyjump()
        {
            var text = SshConfigRenderer.Render(new BoxSshTarget("alice-box", new SshEndpoint("192.0.2.10", 22, "alice")));
            Assert.Equal("(absent)", SshG.Resolve(text, "alice-box").One("proxyjump"));
        }

        [Fact]
        public void Ipv6_hostnames_resolve()
        {
            var text = SshConfigRenderer.Render(new BoxSshTarget("alice-box", new SshEndpoint("fd42::10", 22, "alice"), new[] { new SshHop("j", new SshEndpoint("2001:db8::1", 22, "alice")) }));
            Assert.Equal("fd42::10", SshG.Resolve(text, "alice-box").One("hostname"));
            Assert.Equal("2001:db8::1", SshG.Resolve(text, "j").One("hostname"));
        }

        [Theory]
        [InlineData(@"C:\Users\Alice Smith\.ssh\id_ed25519", "\"C:/Users/Alice Smith/.ssh/id_ed25519\"", "C:/Users/Alice Smith/.ssh/id_ed25519")]
        [InlineData("/home/a/keys#1/id", "\"/home/a/keys#1/id\"", "/home/a/keys#1/id")]
        [InlineData("/home/a/.ssh/id_ed25519", "/home/a/.ssh/id_ed25519", "/home/a/.ssh/id_ed25519")]
        public void Identity_file_paths_are_written_so_ssh_reads_them_back_exactly(string path, string written, string resolved)
        {
            Assert.Equal(written, SshConfigValues.IdentityFileArgument(path));
            var text = SshConfigRenderer.Render(SingleHop(), new SshConfigRenderOptions { IdentityFile = path });
            Assert.Equal(resolved, SshG.Resolve(text, "alice-box").One("identityfile"));
        }

        [Fact]
        public void A_hop_may_use_its_own_key()
        {
            var target = new BoxSshTarget("alice-box", new SshEndpoint("10.0.3.100", 22, "alice"),
                new[] { new SshHop("ctr-jump", new SshEndpoint("35.1.1.1", 22, "alice"), "/k/jump") });
            var text = SshConfigRenderer.Render(target, new SshConfigRenderOptions { IdentityFile = "/k/box" });
            Assert.Equal("/k/jump", SshG.Resolve(text, "ctr-jump").One("identityfile"));
            Assert.Equal("/k/box", SshG.Resolve(text, "alice-box").One("identityfile"));
        }

        [Theory]
        [InlineData("/k/id\nProxyCommand sh -c reboot")]
        [InlineData("/k/id\rx")]
        [InlineData("/k/$(reboot)")]
        [InlineData("/k/${HOME}")]
        [InlineData("/k/%d")]
        [InlineData("/k/\"x\"")]
        [InlineData("/k/'x'")]
        [InlineData("/k/`id`")]
        [InlineData(" /k/id")]
        [InlineData("")]
        [InlineData("/k/\u202Eid")]
        public void Injection_through_identity_file_is_refused(string path)
        {
            Assert.Throws<ArgumentException>(() => SshConfigRenderer.Render(SingleHop(), new SshConfigRenderOptions { IdentityFile = path }));
        }

        [Theory]
        [InlineData("*")]
        [InlineData("a b")]
        [InlineData("a,b")]
        [InlineData("!a")]
        [InlineData("a\nHost *")]
        [InlineData("a?")]
        [InlineData("-oProxyCommand=x")]
        public void Aliases_and_prefixes_cannot_carry_patterns_or_line_breaks(string bad)
        {
            Assert.Throws<ArgumentException>(() => new SshHop(bad, new SshEndpoint("h")));
            Assert.Throws<ArgumentException>(() => SshConfigRenderer.Render(SingleHop(), new SshConfigRenderOptions { AliasPrefix = bad }));
        }

        [Theory]
        [InlineData("h\nProxyCommand x")]
        [InlineData("h x")]
        [InlineData("-oProxyCommand=x")]
        public void Host_names_are_checked_by_the_endpoint(string host)
        {
            Assert.Throws<ArgumentException>(() => new SshEndpoint(host, 22, "alice"));
        }

        [Fact]
        public void Rendered_text_has_only_known_keywords_on_separate_lines()
        {
            var text = SshConfigRenderer.Render(DoubleHop(), new SshConfigRenderOptions { IdentityFile = "~/.ssh/k" });
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                Assert.Matches("^(Host [A-Za-z0-9._-]+|    (HostName|Port|User|ProxyJump|IdentityFile|IdentitiesOnly) \\S+)$", line);
        }

        private static int CountOf(string text, string part)
        {
            var n = 0;
            for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) n++;
            return n;
        }
    }
}
