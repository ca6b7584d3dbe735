using System;
using System.Linq;
using Containarium.Core.Onboarding;
using Containarium.Core.Tests.Support;
using Containarium.Core.Validation;
using Xunit;

namespace Containarium.Core.Tests.Onboarding
{
    public class BoxRequestValidatorTests
    {
        private static BoxRequestInput Input(string user = "alice", string? key = null)
        {
            var input = new BoxRequestInput { UserName = user };
            input.SshPublicKey.Add(key ?? SshKeys.Ed25519(1));
            return input;
        }

        [Fact]
        public void Minimal_row_gets_the_documented_defaults()
        {
            var r = BoxRequestValidator.Validate(Input()).Request!;
            Assert.Equal("alice", r.UserName);
            Assert.Equal("alice-box", r.Name);
            Assert.Equal(BoxDefaults.DefaultCpu, r.Cpu);
            Assert.Equal(2, r.Cpu);
            Assert.Equal("2GiB", r.Memory.IncusValue);
            Assert.Equal("10GiB", r.Disk.IncusValue);
            Assert.Equal("debian/12", r.Image);
            Assert.False(r.EnableDocker);
            Assert.Null(r.Team);
            Assert.Null(r.Backend);
            Assert.Single(r.SshPublicKeys);
        }

        [Fact]
        public void Every_field_is_read_and_trimmed()
        {
            var input = Input(" bob_smith ");
            input.Team = " platform ";
            input.Cpu = "4";
            input.Memory = "8 GB";
            input.Disk = "20";
            input.Image = "images:debian/12";
            input.Backend = "b2";
            input.Name = "bob-dev";
            input.EnableDocker = "Yes";
            var r = BoxRequestValidator.Validate(input).Request!;
            Assert.Equal(("bob_smith", "platform", 4, 8_000_000_000L, 20L << 30, "images:debian/12", "b2", "bob-dev", true),
                (r.UserName, r.Team, r.Cpu, r.Memory.Bytes, r.Disk.Bytes, r.Image, r.Backend, r.Name, r.EnableDocker));
        }

        [Fact]
        public void Underscore_in_the_user_name_becomes_a_dash_in_the_box_name()
        {
            Assert.Equal("bob-smith-box", BoxRequestValidator.Validate(Input("bob_smith")).Request!.Name);
            Assert.Equal("a--box", BoxNaming.DefaultBoxName("a_"));
            var longest = new string('a', 31);
            Assert.True(NameRules.IsInstanceName(BoxNaming.DefaultBoxName(longest)));
        }

        [Fact]
        public void All_problems_are_reported_at_once_each_with_its_field()
        {
            var input = new BoxRequestInput
            {
                UserName = "Root!", Team = "a team", Cpu = "0.5", Memory = "lots", Disk = "1MiB", Image = "debian 12",
                Backend = "b 2", Name = "-bad", EnableDocker = "maybe",
            };
            input.SshPublicKey.Add("ssh-rsa YOUR_KEY_HERE");
            var v = BoxRequestValidator.Validate(input);
            Assert.False(v.IsValid);
            Assert.Null(v.Request);
            Assert.Equal(new[] { "UserName", "SshPublicKey", "Team", "Cpu", "Memory", "Disk", "Image", "Backend", "Name", "EnableDocker" },
                v.Problems.Select(p => p.Field));
            Assert.All(v.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        }

        [Fact]
        public void Missing_user_and_key_are_problems()
        {
            var v = BoxRequestValidator.Validate(new BoxRequestInput());
            Assert.Equal(new[] { "UserName", "SshPublicKey" }, v.Problems.Select(p => p.Field));
            Assert.Equal("The user name is missing.", v.Problems[0].Message);
            Assert.Equal(BoxRequestValidator.MissingKeyMessage, v.Problems[1].Message);
        }

        [Fact]
        public void Keys_come_from_the_cell_and_the_file_and_duplicates_collapse()
        {
            var input = Input(key: SshKeys.Ed25519(1, "laptop") + "\n" + SshKeys.Ed25519(2, "desktop"));
            input.SshPublicKeyFile = "alice.pub";
            input.SshPublicKeyFileContent = SshKeys.Ed25519(1, "same key again") + "\n";
            var r = BoxRequestValidator.Validate(input).Request!;
            Assert.Equal(new[] { "laptop", "desktop" }, r.SshPublicKeys.Select(k => k.Comment));
        }

        [Fact]
        public void A_bad_key_line_in_a_file_names_the_file_and_its_line()
        {
            var input = new BoxRequestInput { UserName = "alice", SshPublicKeyFile = "keys/alice.pub", SshPublicKeyFileContent = SshKeys.Ed25519(1) + "\nssh-ed25519 AAAA...\n" };
            var p = Assert.Single(BoxRequestValidator.Validate(input).Problems);
            Assert.Equal("SshPublicKeyFile", p.Field);
            Assert.StartsWith("'keys/alice.pub' line 2: ", p.Message);
            Assert.Contains("placeholder", p.Message);
        }

        [Fact]
        public void An_empty_key_file_is_reported_as_such()
        {
            var input = new BoxRequestInput { UserName = "alice", SshPublicKeyFile = "a.pub", SshPublicKeyFileContent = "# nothing\n" };
            var p = Assert.Single(BoxRequestValidator.Validate(input).Problems);
            Assert.Equal("The key file 'a.pub' contains no key.", p.Message);
        }

        [Theory]
        [InlineData("UserName", "alice;reboot")]
        [InlineData("UserName", "$(reboot)")]
        [InlineData("Team", "dev`id`")]
        [InlineData("Image", "debian/12;rm -rf /")]
        [InlineData("Image", "debian/12\"")]
        [InlineData("Backend", "b1\nb2")]
        [InlineData("Name", "alice-box'")]
        [InlineData("Name", "alice-b\u043Ex")] // Cyrillic o
        [InlineData("Memory", "2GiB && reboot")]
        [InlineData("Cpu", "2 || reboot")]
        public void Injection_attempts_are_problems_of_their_field(string field, string value)
        {
            var input = Input();
            typeof(BoxRequestInput).GetProperty(field)!.SetValue(input, value);
            var p = Assert.Single(BoxRequestValidator.Validate(input).Problems);
            Assert.Equal(field, p.Field);
        }

        [Fact]
        public void Defaults_can_be_replaced_but_are_checked()
        {
            var defaults = new BoxDefaults(1, ByteSize.FromBytes(512L << 20), ByteSize.FromBytes(5L << 30), "ubuntu/24.04");
            var r = BoxRequestValidator.Validate(Input(), defaults).Request!;
            Assert.Equal((1, "512MiB", "5GiB", "ubuntu/24.04"), (r.Cpu, r.Memory.IncusValue, r.Disk.IncusValue, r.Image));
            Assert.Throws<ArgumentOutOfRangeException>(() => new BoxDefaults(0, ByteSize.FromBytes(1L << 30), ByteSize.FromBytes(1L << 30), "x"));
            Assert.Throws<ArgumentException>(() => new BoxDefaults(1, ByteSize.FromBytes(1L << 30), ByteSize.FromBytes(1L << 30), "bad image"));
        }

        [Fact]
        public void The_request_constructor_rechecks_every_rule()
        {
            var key = SshPublicKey.Parse(SshKeys.Ed25519(1));
            var gib = ByteSize.FromBytes(1L << 30);
            Assert.Throws<ArgumentException>(() => new BoxRequest("root", new[] { key }, null, 1, gib, gib, "debian/12", null, "x", false));
            Assert.Throws<ArgumentException>(() => new BoxRequest("alice", Array.Empty<SshPublicKey>(), null, 1, gib, gib, "debian/12", null, "x", false));
            Assert.Throws<ArgumentException>(() => new BoxRequest("alice", new[] { key }, null, 1, gib, gib, "debian/12", null, "x_y", false));
            Assert.Throws<ArgumentOutOfRangeException>(() => new BoxRequest("alice", new[] { key }, null, 1, ByteSize.FromBytes(1), gib, "debian/12", null, "x", false));
        }
    }
}
