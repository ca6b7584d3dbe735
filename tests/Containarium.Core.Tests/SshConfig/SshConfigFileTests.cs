using System;
using Containarium.Core.SshConfig;
using Containarium.Core.Tests.Support;
using Xunit;

namespace Containarium.Core.Tests.SshConfig
{
    public class SshConfigFileTests
    {
        private const string Block = "Host alice-box\n    HostName 10.0.3.100\n    User alice\n";
        private const string Block2 = "Host alice-box\n    HostName 10.0.3.200\n    User alice\n";
        private const string UserConfig = "# my config\nHost work\n    HostName work.example.com\n    User me\n\nHost *\n    ServerAliveInterval 30\n";

        [Fact]
        public void A_missing_file_gets_just_the_block()
        {
            var expected = "# BEGIN containarium alice\nHost alice-box\n    HostName 10.0.3.100\n    User alice\n# END containarium alice\n";
            Assert.Equal(expected, SshConfigFile.Merge(null, "alice", Block));
            Assert.Equal(expected, SshConfigFile.Merge("", "alice", Block));
        }

        [Fact]
        public void Appending_keeps_the_users_text_byte_for_byte_and_is_idempotent()
        {
            var once = SshConfigFile.Merge(UserConfig, "alice", Block);
            Assert.StartsWith(UserConfig + "\n# BEGIN containarium alice\n", once);
            Assert.Equal(once, SshConfigFile.Merge(once, "alice", Block));
            Assert.Equal(once, SshConfigFile.Merge(SshConfigFile.Merge(once, "alice", Block), "alice", Block));
        }

        [Fact]
        public void Replacing_happens_in_place_and_leaves_surroundings_untouched()
        {
            var first = SshConfigFile.Merge(UserConfig, "alice", Block);
            var withTail = first + "Host after\n    User x\n";
            var replaced = SshConfigFile.Merge(withTail, "alice", Block2);
            Assert.Equal(withTail.Replace("10.0.3.100", "10.0.3.200"), replaced);
            Assert.Equal(replaced, SshConfigFile.Merge(replaced, "alice", Block2));
        }

        [Fact]
        public void Other_blocks_stay_where_they_are()
        {
            var text = SshConfigFile.Merge(SshConfigFile.Merge(UserConfig, "alice", Block), "bob", "Host bob-box\n    User bob\n");
            var updated = SshConfigFile.Merge(text, "alice", Block2);
            Assert.Equal(new[] { "alice", "bob" }, SshConfigFile.BlockIds(updated));
            Assert.True(updated.IndexOf("10.0.3.200", StringComparison.Ordinal) < updated.IndexOf("bob-box", StringComparison.Ordinal));
        }

        [Fact]
        public void Crlf_files_stay_crlf_and_a_missing_final_newline_is_handled()
        {
            var crlf = "Host work\r\n    User me";
            var merged = SshConfigFile.Merge(crlf, "alice", Block);
            Assert.Equal("Host work\r\n    User me\r\n\r\n# BEGIN containarium alice\r\nHost alice-box\r\n    HostName 10.0.3.100\r\n    User alice\r\n# END containarium alice\r\n", merged);
            Assert.Equal(merged, SshConfigFile.Merge(merged, "alice", Block.Replace("\n", "\r\n")));
        }

        [Fact]
        public void A_block_at_the_very_end_without_newline_is_replaced_without_adding_one()
        {
            var text = "Host x\n\n# BEGIN containarium alice\nold\n# END containarium alice";
            var merged = SshConfigFile.Merge(text, "alice", "new");
            Assert.Equal("Host x\n\n# BEGIN containarium alice\nnew\n# END containarium alice", merged);
            Assert.Equal(merged, SshConfigFile.Merge(merged, "alice", "new\n\n"));
        }

        [Fact]
        public void Remove_takes_out_exactly_the_block()
        {
            var merged = SshConfigFile.Merge(UserConfig, "alice", Block);
            var removed = SshConfigFile.Remove(merged, "alice");
            Assert.Equal(UserConfig + "\n", removed); // the separator blank line stays
            Assert.Equal(UserConfig, SshConfigFile.Remove(UserConfig, "alice"));
        }

        [Theory]
        [InlineData("# BEGIN containarium alice\nHost a\n", "line 1: block 'alice' has no END line.")]
        [InlineData("Host a\n# END containarium alice\n", "line 2: END of block 'alice' without a BEGIN.")]
        [InlineData("# BEGIN containarium alice\n# BEGIN containarium bob\n# END containarium bob\n# END containarium alice\n", "line 2: block 'bob' begins inside block 'alice' opened on line 1")]
        [InlineData("# BEGIN containarium alice\n# END containarium bob\n", "line 2: END of block 'bob' closes block 'alice' opened on line 1.")]
        [InlineData("# BEGIN containarium alice\n# END containarium alice\n# BEGIN containarium alice\n# END containarium alice\n", "line 3: block 'alice' appears twice (first on line 1).")]
        [InlineData("#BEGIN containarium alice\n#END containarium alice\n", "line 1: malformed Containarium marker")]
        [InlineData("# begin containarium alice\n# end containarium alice\n", "line 1: malformed Containarium marker")]
        [InlineData("# BEGIN containarium alice \n# END containarium alice\n", "line 1: malformed Containarium marker")]
        [InlineData("  # BEGIN containarium alice\n# END containarium alice\n", "line 1: malformed Containarium marker")]
        [InlineData("# BEGIN containarium\n", "line 1: malformed Containarium marker")]
        public void Corrupt_markers_are_refused_and_nothing_is_guessed(string text, string message)
        {
            var e = Assert.Throws<SshConfigFormatException>(() => SshConfigFile.Merge(text, "alice", Block));
            Assert.Contains(message, e.Message);
            Assert.Contains("nothing was changed", e.Message);
            Assert.Throws<SshConfigFormatException>(() => SshConfigFile.Remove(text, "alice"));
        }

        [Fact]
        public void Corruption_in_another_block_also_stops_the_merge()
        {
            var text = SshConfigFile.Merge(UserConfig, "alice", Block) + "# BEGIN containarium bob\nHost bob-box\n";
            var e = Assert.Throws<SshConfigFormatException>(() => SshConfigFile.Merge(text, "alice", Block2));
            Assert.Equal(UserConfig.Split('\n').Length + 6, e.LineNumber);
        }

        [Theory]
        [InlineData("bad id")]
        [InlineData("a\nb")]
        [InlineData("")]
        [InlineData("-x")]
        public void Block_ids_are_validated(string id)
        {
            Assert.Throws<ArgumentException>(() => SshConfigFile.Merge("", id, Block));
        }

        [Fact]
        public void A_block_cannot_smuggle_marker_lines()
        {
            Assert.Throws<ArgumentException>(() => SshConfigFile.Merge("", "alice", "Host a\n# END containarium alice\nHost evil\n"));
            Assert.Throws<ArgumentException>(() => SshConfigFile.Merge("", "alice", "Host a\rProxyCommand x\n"));
        }

        [Fact]
        public void A_merged_file_with_rendered_entries_still_resolves_in_real_ssh()
        {
            var target = new BoxSshTarget("alice-box", new Containarium.Core.Model.SshEndpoint("10.0.3.100", 22, "alice"),
                new[] { new SshHop("ctr-jump", new Containarium.Core.Model.SshEndpoint("35.1.1.1", 22, "alice")) });
            var merged = SshConfigFile.Merge(UserConfig, "alice", SshConfigRenderer.Render(target));
            var box = SshG.Resolve(merged, "alice-box");
            Assert.Equal(("10.0.3.100", "ctr-jump", "30"), (box.One("hostname"), box.One("proxyjump"), box.One("serveraliveinterval")));
            Assert.Equal("work.example.com", SshG.Resolve(merged, "work").One("hostname"));
        }
    }
}
