using System;
using System.Text.Json;
using Containarium.Core.Containers;
using Xunit;

namespace Containarium.Core.Tests.Containers
{
    public sealed class SnapshotInfoTests
    {
        private static SnapshotInfo Read(string json)
        {
            using var doc = JsonDocument.Parse(json);
            return SnapshotInfo.FromJson(doc.RootElement, "alice-box", "b1");
        }

        [Fact]
        public void A_listing_entry_becomes_a_snapshot_of_its_box()
        {
            var s = Read("{\"name\":\"s1\",\"created_at\":\"2026-12-01T20:52:41.175736382Z\",\"expires_at\":\"0001-01-01T00:00:00Z\",\"stateful\":false,\"size\":16384}");
            Assert.Equal(("alice-box", "b1", "s1"), (s.Container, s.Backend, s.Name));
            Assert.Equal(new DateTimeOffset(2026, 12, 1, 20, 52, 41, TimeSpan.Zero), s.Created!.Value.AddTicks(-(s.Created.Value.Ticks % TimeSpan.TicksPerSecond)));
            Assert.Null(s.Expires); // Incus's zero time means never
            Assert.False(s.Stateful);
            Assert.Equal(16384, s.Size);
        }

        [Theory]
        [InlineData("{\"name\":\"s\",\"size\":-1}")] // dir, btrfs without quota
        [InlineData("{\"name\":\"s\"}")]
        public void Unknown_size_is_null_not_zero(string json) => Assert.Null(Read(json).Size);

        [Fact]
        public void Expiry_and_stateful_are_read()
        {
            var s = Read("{\"name\":\"s\",\"expires_at\":\"2027-01-01T00:00:00Z\",\"stateful\":true,\"size\":0}");
            Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), s.Expires);
            Assert.True(s.Stateful);
            Assert.Equal(0, s.Size);
        }
    }
}
