using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Incus;
using Containarium.Core.Placement;
using Xunit;
using static Containarium.Core.Tests.Placement.PlacementPlannerTests;

namespace Containarium.Core.Tests.Placement
{
    public class ClusterPlacementTests
    {
        private const long GiB = 1L << 30;

        private static ClusterMember Member(string name, string status = "Online", int threads = 8, int containers = 0) => new ClusterMember
        {
            Name = name, Status = status, CpuThreads = threads, MemoryTotal = 32 * GiB, DiskTotal = 500 * GiB, Containers = containers,
        };

        private static BoxInfo OnMember(string name, string member, string cpu = "2") =>
            new BoxInfo { Name = name, Member = member, Cpu = cpu, Memory = "2GiB", UserName = "u" + name };

        private static BackendSnapshot Cluster(string name, IReadOnlyList<ClusterMember> members, IReadOnlyList<BoxInfo>? boxes = null) =>
            ClusterSnapshot.Build(new BackendDefinition { Name = name, Cluster = true }, members, boxes ?? new BoxInfo[0]);

        private static PlacementRequest To(string backend, int i, string? member = null, int cpu = 2) =>
            new PlacementRequest("box" + i, cpu, 2 * GiB, 10 * GiB, null, backend, null, member);

        [Fact]
        public void A_cluster_weighs_as_much_as_its_usable_members_together()
        {
            var c = Cluster("c1", new[] { Member("m1"), Member("m2"), Member("m3", "Offline"), Member("m4", "Evacuated") });
            Assert.Equal(16, c.CpuThreads);
            Assert.Equal(64 * GiB, c.MemoryTotalBytes);
            // Against one 8-thread host the cluster takes two boxes for each one the host takes.
            var s = new PlacementSession(new[] { c, Backend("h1") });
            var placed = Enumerable.Range(0, 30).Select(i => s.Reserve(Box(i)).Backend).ToList();
            Assert.Equal(20, placed.Count(b => b == "c1"));
        }

        [Fact]
        public void Inside_a_cluster_the_same_score_picks_the_member_and_a_pipeline_spreads_per_member()
        {
            var c = Cluster("c1", new[] { Member("m1"), Member("m2"), Member("m3") }, new[] { OnMember("old", "m1", cpu: "8") });
            var s = new PlacementSession(new[] { c });
            // m1 already holds 8 CPUs of limits: m2 and m3 take turns until they hold as much, then the tie goes to m1.
            var members = Enumerable.Range(0, 9).Select(i => s.Reserve(To("c1", i)).Member).ToList();
            Assert.Equal(new[] { "m2", "m3", "m2", "m3", "m2", "m3", "m2", "m3", "m1" }, members);
            Assert.Equal(9, s.Backends.Single().Members.Sum(m => m.BoxCount)); // every reservation counted on its member
        }

        [Fact]
        public void Leaving_the_member_to_Incus_names_none_but_still_needs_a_member_with_room()
        {
            var settings = new PlacementSettings(memberByIncus: true);
            var c = Cluster("c1", new[] { Member("m1"), Member("m2") });
            var s = new PlacementSession(new[] { c }, settings);
            var r = s.Reserve(To("c1", 0));
            Assert.Equal("c1", r.Backend);
            Assert.Null(r.Member); // Incus's scheduler picks it when the box is made
            Assert.Equal("m2", s.Reserve(To("c1", 1, member: "m2")).Member); // an explicit member still wins
            // 1-thread members take 4 CPUs each: a 6-CPU box fits the cluster's sum but no member, so Incus is not asked.
            var small = new PlacementSession(new[] { Cluster("c2", new[] { Member("m1", threads: 1), Member("m2", threads: 1) }) }, settings);
            Assert.Equal(RejectionReason.NoMemberFits, small.TryReserve(To("c2", 0, cpu: 6), out _).Rejections.Single().Reason);
        }

        [Fact]
        public void A_member_in_a_state_the_module_does_not_know_gets_no_box_and_is_named_with_that_state()
        {
            var c = Cluster("c1", new[] { Member("m1"), Member("m2", "Blocked") });
            var s = new PlacementSession(new[] { c });
            Assert.All(Enumerable.Range(0, 6).Select(i => s.Reserve(To("c1", i)).Member), m => Assert.Equal("m1", m));
            var d = s.TryReserve(To("c1", 9, "m2"), out var r);
            Assert.Null(r);
            var rejection = d.Rejections.Single();
            Assert.Equal(RejectionReason.MemberUnavailable, rejection.Reason);
            Assert.Contains("'Blocked'", rejection.Message);
        }

        [Fact]
        public void Offline_and_evacuated_members_never_get_a_box()
        {
            var c = Cluster("c1", new[] { Member("m1", "Offline"), Member("m2", "Evacuated"), Member("m3") });
            var s = new PlacementSession(new[] { c });
            Assert.All(Enumerable.Range(0, 10).Select(i => s.Reserve(To("c1", i)).Member), m => Assert.Equal("m3", m));
        }

        [Fact]
        public void An_explicit_member_is_checked_and_used()
        {
            var c = Cluster("c1", new[] { Member("m1"), Member("m2", "Evacuated"), Member("m3", "Offline") });
            var s = new PlacementSession(new[] { c });
            Assert.Equal("m1", s.Reserve(To("c1", 0, "M1")).Member);
            var unknown = s.TryReserve(To("c1", 1, "m9"), out var none);
            Assert.Null(none);
            Assert.Equal(RejectionReason.UnknownMember, unknown.Rejections.Single().Reason);
            Assert.Contains("m1, m2, m3", unknown.FailureMessage);
            Assert.Equal(RejectionReason.MemberUnavailable, s.TryReserve(To("c1", 2, "m2"), out _).Rejections.Single().Reason);
            Assert.Contains("offline", s.TryReserve(To("c1", 3, "m3"), out _).FailureMessage);
        }

        [Fact]
        public void A_member_named_on_a_one_host_backend_is_refused_before_any_capacity_check()
        {
            var s = new PlacementSession(new[] { Backend("h1", threads: 1, cpuUsed: 100) });
            var d = s.TryReserve(To("h1", 0, "m1"), out _);
            Assert.Equal(RejectionReason.UnknownMember, d.Rejections.Single().Reason);
        }

        [Fact]
        public void Room_in_the_sum_but_on_no_single_member_is_no_member_fits()
        {
            // 2 members × 1 thread × 4 overcommit: 4 CPUs each, 8 in all; a 6-CPU box fits the sum, not a member.
            var c = Cluster("c1", new[] { Member("m1", threads: 1), Member("m2", threads: 1) });
            var d = new PlacementSession(new[] { c }).TryReserve(To("c1", 0, cpu: 6), out var r);
            Assert.Null(r);
            Assert.Equal(RejectionReason.NoMemberFits, d.Rejections.Single().Reason);
        }

        [Fact]
        public void A_released_reservation_gives_the_member_its_room_back()
        {
            var c = Cluster("c1", new[] { Member("m1"), Member("m2") });
            var s = new PlacementSession(new[] { c });
            var first = s.Reserve(To("c1", 0));
            s.Release(first);
            Assert.All(s.Backends.Single().Members, m => Assert.Equal(0, m.BoxCount));
            Assert.Equal(first.Member, s.Reserve(To("c1", 1)).Member);
        }
    }
}
