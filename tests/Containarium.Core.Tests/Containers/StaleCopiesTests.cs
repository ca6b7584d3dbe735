using System;
using Containarium.Core.Containers;
using Xunit;

namespace Containarium.Core.Tests.Containers
{
    public sealed class StaleCopiesTests
    {
        private static BoxInfo Box(string backend, string? member, string owner = "alice", string state = "Running", string? restoredFrom = null) =>
            new BoxInfo { Name = "alice-box", Backend = backend, Member = member, UserName = owner, State = state, IncusState = state, RestoredFrom = restoredFrom, RestoredAt = DateTimeOffset.UtcNow };

        [Fact]
        public void The_copy_at_the_location_a_restored_box_names_is_stale()
        {
            var old = Box("c1", "m3");
            var restored = Box("b1", null, restoredFrom: "c1/m3");

            var stale = StaleCopies.Mark(new[] { old, restored });

            Assert.Same(old, Assert.Single(stale));
            Assert.Equal(BoxInfo.Stale, old.State);
            Assert.Equal("Running", old.IncusState);
            Assert.Equal("b1/alice-box", old.SupersededBy);
            Assert.Equal("Running", restored.State);
        }

        [Fact]
        public void A_dead_members_copy_stays_Unavailable_but_names_its_replacement()
        {
            var old = Box("c1", "m3", state: BoxInfo.Unavailable);
            StaleCopies.Mark(new[] { old, Box("b1", null, restoredFrom: "c1/m3") });
            Assert.Equal(BoxInfo.Unavailable, old.State);
            Assert.Equal("b1/alice-box", old.SupersededBy);
        }

        [Fact]
        public void Another_owner_another_member_or_no_restored_mark_is_not_stale()
        {
            Assert.Empty(StaleCopies.Mark(new[] { Box("c1", "m3", owner: "bob"), Box("b1", null, restoredFrom: "c1/m3") }));
            Assert.Empty(StaleCopies.Mark(new[] { Box("c1", "m2"), Box("b1", null, restoredFrom: "c1/m3") }));
            Assert.Empty(StaleCopies.Mark(new[] { Box("c1", "m3"), Box("b1", null) }));
        }

        [Fact]
        public void A_copy_the_module_already_marked_is_stale_on_its_own()
        {
            var old = Box("c1", "m3");
            old.SupersededBy = "b1/alice-box";
            Assert.Same(old, Assert.Single(StaleCopies.Mark(new[] { old })));
            Assert.Equal(BoxInfo.Stale, old.State);
        }
    }
}
