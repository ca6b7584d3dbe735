using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Containers;
using Containarium.Core.Tests.Support;
using Containarium.Core.Validation;
using Xunit;

namespace Containarium.Core.Tests.Containers
{
    /// <summary>Set-CtrContainer's rules: the New-CtrContainer size grammar, keys checked in full, and no edit that drops the last key.</summary>
    public sealed class BoxChangeTests
    {
        private static readonly string KeyA = SshKeys.Real("ed25519", 0, "a@test");
        private static readonly string KeyB = SshKeys.Real("ed25519", 0, "b@test");
        private static string Fp(string key) => SshPublicKey.Parse(key).Fingerprint;

        private static BoxChange Valid(BoxChangeInput input)
        {
            var (change, problems) = BoxChangeValidator.Validate(input);
            Assert.Empty(problems.Select(p => p.ToString()));
            return change!;
        }

        [Fact]
        public void Sizes_use_the_same_grammar_as_New_CtrContainer()
        {
            var change = Valid(new BoxChangeInput { Cpu = "2.0", Memory = "512MB", Disk = "4" });
            Assert.Equal(2, change.Cpu);
            Assert.Equal(512_000_000L, change.Memory!.Value.Bytes);
            Assert.Equal(4L << 30, change.Disk!.Value.Bytes);
            var patch = change.ConfigPatch();
            Assert.Equal("2", patch["limits.cpu"]);
            Assert.False(patch.ContainsKey(BoxKeys.Team));
        }

        [Theory]
        [InlineData("Cpu", "0.5")]
        [InlineData("Cpu", "0")]
        [InlineData("Memory", "lots")]
        [InlineData("Memory", "32MiB")]
        [InlineData("Disk", "50%")]
        [InlineData("Disk", "1G;reboot")]
        [InlineData("Team", "a b")]
        public void Bad_values_are_refused_with_their_field(string field, string value)
        {
            var input = new BoxChangeInput();
            typeof(BoxChangeInput).GetProperty(field)!.SetValue(input, value);
            var (change, problems) = BoxChangeValidator.Validate(input);
            Assert.Null(change);
            Assert.Equal(field, Assert.Single(problems).Field);
        }

        [Fact]
        public void Nothing_to_change_is_a_problem_and_an_empty_team_clears()
        {
            Assert.Null(BoxChangeValidator.Validate(new BoxChangeInput()).Change);
            Assert.Equal("", Valid(new BoxChangeInput { Team = "" }).ConfigPatch()[BoxKeys.Team]);
        }

        [Fact]
        public void Keys_are_checked_in_full_and_removal_takes_a_key_or_a_fingerprint()
        {
            var (bad, problems) = BoxChangeValidator.Validate(new BoxChangeInput
            {
                AddSshPublicKey = { "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA" },
                RemoveSshPublicKey = { "SHA256:tooShort" },
            });
            Assert.Null(bad);
            Assert.Equal(new[] { "AddSshPublicKey", "RemoveSshPublicKey" }, problems.Select(p => p.Field));

            var change = Valid(new BoxChangeInput { AddSshPublicKey = { KeyB }, RemoveSshPublicKey = { KeyA } });
            Assert.Equal(new[] { Fp(KeyA) }, change.RemoveFingerprints);
            Assert.Equal(new[] { Fp(KeyA) }, Valid(new BoxChangeInput { RemoveSshPublicKey = { Fp(KeyA) } }).RemoveFingerprints);
        }

        [Fact]
        public void The_last_key_cannot_be_removed_and_unknown_keys_are_reported()
        {
            var removeA = Valid(new BoxChangeInput { RemoveSshPublicKey = { Fp(KeyA) } });
            Assert.Equal(BoxKeyProblem.LastKey, BoxKeyEdit.Check("x", new[] { Fp(KeyA) }, removeA)!.Problem);
            Assert.Null(BoxKeyEdit.Check("x", new[] { Fp(KeyA), Fp(KeyB) }, removeA));
            Assert.Equal(BoxKeyProblem.NotFound, BoxKeyEdit.Check("x", new[] { Fp(KeyB) }, removeA)!.Problem);
            var rotate = Valid(new BoxChangeInput { AddSshPublicKey = { KeyB }, RemoveSshPublicKey = { Fp(KeyA) } });
            Assert.Null(BoxKeyEdit.Check("x", new[] { Fp(KeyA) }, rotate));
        }

        [Fact]
        public void Applying_keeps_lines_it_cannot_read_and_adds_each_key_once()
        {
            var current = new List<string> { KeyA, "# a comment the user wrote", "from=\"10.0.0.1\" " + KeyB };
            var change = Valid(new BoxChangeInput { AddSshPublicKey = { KeyB, KeyB }, RemoveSshPublicKey = { KeyA } });
            var (lines, keys, fingerprints) = BoxKeyEdit.Apply("x", current, change);
            Assert.Equal(new[] { "# a comment the user wrote", "from=\"10.0.0.1\" " + KeyB, KeyB }, lines);
            Assert.Equal(new[] { KeyB }, keys);
            Assert.Equal(new[] { Fp(KeyB) }, fingerprints);
        }
    }
}
