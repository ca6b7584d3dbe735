using System;
using Containarium.Core.Validation;
using Xunit;

namespace Containarium.Core.Tests.Validation
{
    public class SnapshotNamesTests
    {
        [Theory]
        [MemberData(nameof(NameRulesTests.Nasty), MemberType = typeof(NameRulesTests))]
        public void Nasty_strings_are_refused(string s)
        {
            Assert.False(SnapshotNames.IsValid(s));
            Assert.Contains("invalid", SnapshotNames.Check(s));
        }

        [Theory]
        [InlineData("snap0")]
        [InlineData("before-upgrade")]
        [InlineData("v1.2_rc:3@x")]
        [InlineData("0day")]
        public void Portable_names_pass(string s) => Assert.Null(SnapshotNames.Check(s));

        [Theory]
        [InlineData("a+b")]         // Incus: not URL-segment safe
        [InlineData("a&b")]
        [InlineData("a?b")]
        [InlineData("a/b")]         // Incus: no '/'
        [InlineData("a b")]         // Incus: no space
        [InlineData(".")]           // would address the instance itself in a path
        [InlineData("..")]
        [InlineData("-x")]          // reads as an option
        [InlineData("s[1]")]        // wildcard characters make -SnapshotName patterns ambiguous
        [InlineData(null)]
        public void Names_Incus_or_paths_would_misread_are_refused(string? s) => Assert.NotNull(SnapshotNames.Check(s));

        [Fact]
        public void Length_is_capped_at_63()
        {
            Assert.Null(SnapshotNames.Check(new string('a', 63)));
            Assert.NotNull(SnapshotNames.Check(new string('a', 64)));
        }

        [Fact]
        public void Default_name_is_a_valid_utc_timestamp()
        {
            var name = SnapshotNames.Timestamped(new DateTimeOffset(2026, 12, 1, 23, 4, 5, TimeSpan.FromHours(2)));
            Assert.Equal("ctr-20261201-210405", name);
            Assert.True(SnapshotNames.IsValid(name));
        }
    }
}
