using System;
using Containarium.Core.Validation;
using Xunit;

namespace Containarium.Core.Tests.Validation
{
    public class NameRulesTests
    {
        // Shared nasty inputs: shell metacharacters, quoting, line breaks and Unicode look-alikes.
        public static TheoryData<string> Nasty => new TheoryData<string>
        {
            "$(reboot)", "`reboot`", "a;reboot", "a|b", "a&b", "a b", "a'b", "a\"b", "a\nb", "alice\n", "alice\r", "a\tb",
            "a\\b", "a/b", "a*", "a?", "-rf", "al\u0456ce", "\u0430lice", "ali\u200Bce", "alice\u00A0", "ａlice", "",
        };

        [Theory]
        [MemberData(nameof(Nasty))]
        public void Nasty_strings_fail_every_rule(string s)
        {
            Assert.False(NameRules.IsLinuxUserName(s));
            Assert.False(NameRules.IsInstanceName(s));
            Assert.False(NameRules.IsBackendName(s));
            Assert.False(NameRules.IsTeamName(s));
            Assert.NotNull(NameRules.CheckAccountName(s));
            if (s.IndexOf('/') < 0) Assert.False(NameRules.IsImageReference(s)); // '/' is part of image aliases
        }

        [Theory]
        [InlineData("alice", true)]
        [InlineData("a", true)]
        [InlineData("bob_smith", true)]
        [InlineData("bob-smith2", true)]
        [InlineData("abcdefghijklmnopqrstuvwxyz01234", true)]   // 31
        [InlineData("abcdefghijklmnopqrstuvwxyz012345", false)] // 32
        [InlineData("Alice", false)]
        [InlineData("1alice", false)]
        [InlineData("_alice", false)]
        [InlineData("al.ice", false)]
        public void Linux_user_names(string s, bool valid) => Assert.Equal(valid, NameRules.IsLinuxUserName(s));

        [Theory]
        [InlineData("root")]
        [InlineData("sshd")]
        [InlineData("nobody")]
        [InlineData("incus-admin")]
        [InlineData("ubuntu")]
        public void System_accounts_are_reserved_for_developers_but_still_valid_linux_names(string s)
        {
            Assert.True(NameRules.IsLinuxUserName(s));
            Assert.Equal($"User name '{s}' is reserved for a system account.", NameRules.CheckAccountName(s));
            Assert.Throws<ArgumentException>(() => NameRules.EnsureAccountName(s));
        }

        [Theory]
        [InlineData("engineering", true)]
        [InlineData("Team_A.1-x", true)]
        [InlineData("9lives", true)]
        [InlineData(".hidden", false)]
        [InlineData("-x", false)]
        public void Team_names(string s, bool valid) => Assert.Equal(valid, NameRules.IsTeamName(s));

        [Fact]
        public void Team_names_stop_at_63_characters()
        {
            Assert.True(NameRules.IsTeamName(new string('t', 63)));
            Assert.False(NameRules.IsTeamName(new string('t', 64)));
        }

        [Theory]
        [InlineData("debian/12", true)]
        [InlineData("images:debian/12/cloud", true)]
        [InlineData("ubuntu:24.04", true)]
        [InlineData("3f2b1c0a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b", true)]
        [InlineData("/etc/passwd", false)]
        [InlineData("debian 12", false)]
        [InlineData("debian/12'", false)]
        [InlineData("images:$(id)", false)]
        [InlineData("debian/12\n", false)]
        public void Image_references(string s, bool valid) => Assert.Equal(valid, NameRules.IsImageReference(s));

        [Fact]
        public void Messages_escape_the_value_so_a_console_cannot_be_spoofed()
        {
            var message = NameRules.CheckInstanceName("x\u001b[2J\nEvil");
            Assert.Contains("'x\\u001B[2J\\nEvil'", message);
            Assert.DoesNotContain("\u001b", message, StringComparison.Ordinal);
        }

        [Fact]
        public void Value_display_cuts_long_values()
        {
            var shown = ValueDisplay.Show(new string('a', 200));
            Assert.Equal(ValueDisplay.MaxShown + 5, shown.Length); // quotes + "..."
            Assert.Equal("(none)", ValueDisplay.Show(null));
        }
    }
}
