using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Onboarding;
using Containarium.Core.Placement;
using Containarium.Core.Tests.Support;
using Xunit;
using static Containarium.Core.Tests.Placement.PlacementPlannerTests;

namespace Containarium.Core.Tests.Placement
{
    public class PlacementSessionTests
    {
        [Fact]
        public void Parallel_reservations_never_exceed_capacity_and_use_all_of_it()
        {
            // Slots are the binding limit: 7 + 11 + 13 = 31 boxes in total.
            var s = new PlacementSession(new[] { Backend("a", max: 7), Backend("b", max: 11), Backend("c", max: 13) });
            var placed = new ConcurrentBag<Reservation>();
            var failures = 0;
            using var start = new Barrier(8);
            var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 25; i++)
                {
                    var d = s.TryReserve(Box(t * 100 + i), out var r);
                    if (r != null) placed.Add(r);
                    else
                    {
                        Assert.All(d.Rejections, x => Assert.Equal(RejectionReason.MaxContainersReached, x.Reason));
                        Interlocked.Increment(ref failures);
                    }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Equal(31, placed.Count);
            Assert.Equal(200 - 31, failures);
            var per = placed.GroupBy(r => r.Backend).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal((7, 11, 13), (per["a"], per["b"], per["c"]));
            Assert.Equal(placed.Count, placed.Select(r => r.Id).Distinct().Count());
            Assert.All(s.Backends, b => Assert.Equal(b.MaxContainers, b.BoxCount));
        }

        [Fact]
        public void Parallel_resource_accounting_is_exact()
        {
            // Memory binds: 32GiB × 1.5 / 2GiB = 24 per backend.
            var s = new PlacementSession(new[] { Backend("a", threads: 64), Backend("b", threads: 64) });
            var count = 0;
            Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                if (s.TryReserve(Box(i), out var r).Succeeded) Interlocked.Increment(ref count);
            });
            Assert.Equal(48, count);
            Assert.All(s.Backends, b => Assert.Equal(48L << 30, b.MemoryCommittedBytes));
            Assert.All(s.Backends, b => Assert.Equal(48.0, b.CpuCommitted));
        }

        [Fact]
        public void Release_gives_the_capacity_back_to_the_next_row()
        {
            var s = new PlacementSession(new[] { Backend("a", max: 2), Backend("b", max: 1) });
            var r1 = s.Reserve(Box(1));
            var r2 = s.Reserve(Box(2));
            var r3 = s.Reserve(Box(3));
            Assert.Throws<PlacementException>(() => s.Reserve(Box(4)));

            s.Release(r2);
            Assert.Equal(ReservationState.Released, r2.State);
            var again = s.Reserve(Box(4));
            Assert.Equal(r2.Backend, again.Backend);

            s.Release(r2); // twice: harmless
            Assert.Throws<PlacementException>(() => s.Reserve(Box(5)));
            Assert.Equal(new[] { 2, 1 }, s.Backends.Select(b => b.BoxCount));
            Assert.Equal(new[] { "a", "b", "a" }, new[] { r1, r3, again }.Select(r => r.Backend));
        }

        [Fact]
        public void Release_restores_every_figure_including_team_counts()
        {
            var before = Backend("a", teams: new System.Collections.Generic.Dictionary<string, int> { ["web"] = 2 }, boxes: 2, cpuUsed: 4, memUsedGiB: 4, diskUsedGiB: 20);
            var s = new PlacementSession(new[] { before });
            var r = s.Reserve(Box(1, cpu: 3, memGiB: 5, diskGiB: 30, team: "web"));
            var during = s.Backends.Single();
            Assert.Equal((3, 7.0, 9L << 30, 50L << 30, 3), (during.BoxCount, during.CpuCommitted, during.MemoryCommittedBytes, during.DiskUsedBytes, during.TeamCount("web")));
            s.Release(r);
            var after = s.Backends.Single();
            Assert.Equal((before.BoxCount, before.CpuCommitted, before.MemoryCommittedBytes, before.DiskUsedBytes, 2),
                (after.BoxCount, after.CpuCommitted, after.MemoryCommittedBytes, after.DiskUsedBytes, after.TeamCount("WEB")));
        }

        [Fact]
        public void Commit_keeps_the_capacity_and_fixes_the_state()
        {
            var s = new PlacementSession(new[] { Backend("a", max: 1) });
            var r = s.Reserve(Box(1));
            s.Commit(r);
            Assert.Equal(ReservationState.Committed, r.State);
            Assert.Throws<InvalidOperationException>(() => s.Release(r));
            Assert.False(s.TryReserve(Box(2), out _).Succeeded);

            var s2 = new PlacementSession(new[] { Backend("a") });
            var released = s2.Reserve(Box(1));
            s2.Release(released);
            Assert.Throws<InvalidOperationException>(() => s2.Commit(released));
        }

        [Fact]
        public void A_reservation_from_another_session_is_refused()
        {
            var s1 = new PlacementSession(new[] { Backend("a") });
            var s2 = new PlacementSession(new[] { Backend("a") });
            var r = s1.Reserve(Box(1));
            Assert.Throws<ArgumentException>(() => s2.Release(r));
            Assert.Throws<ArgumentException>(() => s2.Commit(r));
        }

        [Fact]
        public void A_failed_reservation_changes_nothing()
        {
            var s = new PlacementSession(new[] { Backend("a", cordoned: true) });
            var before = s.Backends.Single();
            var e = Assert.Throws<PlacementException>(() => s.Reserve(Box(1)));
            Assert.Equal("box1", e.BoxName);
            Assert.Same(before, s.Backends.Single());
        }

        [Fact]
        public void Requests_come_straight_from_validated_box_requests()
        {
            var input = new BoxRequestInput { UserName = "alice", Cpu = "3", Memory = "3GiB", Disk = "15", Team = "web", Backend = "b2" };
            input.SshPublicKey.Add(SshKeys.Ed25519(1));
            var p = PlacementRequest.From(BoxRequestValidator.Validate(input).Request!, new[] { "b1" });
            Assert.Equal(("alice-box", 3, 3L << 30, 15L << 30, "web", "b2", true), (p.BoxName, p.Cpu, p.MemoryBytes, p.DiskBytes, p.Team, p.Backend, p.IsExcluded("B1")));
        }
    }
}
