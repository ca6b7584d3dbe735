using System;
using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Placement;
using Xunit;

namespace Containarium.Core.Tests.Placement
{
    public class PlacementPlannerTests
    {
        private const long GiB = 1L << 30;

        internal static BackendSnapshot Backend(string name, int threads = 8, long memGiB = 32, long diskGiB = 500, int max = 0,
            bool reachable = true, bool cordoned = false, int boxes = 0, double cpuUsed = 0, long memUsedGiB = 0, long diskUsedGiB = 0,
            IReadOnlyDictionary<string, int>? teams = null) =>
            new BackendSnapshot(name, reachable, cordoned, max, boxes, threads, cpuUsed, memGiB * GiB, memUsedGiB * GiB, diskGiB * GiB, diskUsedGiB * GiB, teams);

        internal static PlacementRequest Box(int i, int cpu = 2, long memGiB = 2, long diskGiB = 10, string? team = null, string? backend = null, params string[] exclude) =>
            new PlacementRequest("box" + i, cpu, memGiB * GiB, diskGiB * GiB, team, backend, exclude);

        private static List<string> PlaceAll(PlacementSession s, IEnumerable<PlacementRequest> requests) =>
            requests.Select(r => s.Reserve(r).Backend).ToList();

        [Fact]
        public void Spread_puts_30_equal_boxes_10_10_10_round_robin_by_name()
        {
            var s = new PlacementSession(new[] { Backend("c"), Backend("a"), Backend("b") });
            var placed = PlaceAll(s, Enumerable.Range(0, 30).Select(i => Box(i)));
            Assert.Equal(new[] { "a", "b", "c", "a", "b", "c" }, placed.Take(6));
            Assert.Equal(new[] { 10, 10, 10 }, placed.GroupBy(x => x).OrderBy(g => g.Key).Select(g => g.Count()));
        }

        [Fact]
        public void Spread_starts_with_the_emptiest_and_gives_a_bigger_host_proportionally_more()
        {
            var s = new PlacementSession(new[] { Backend("big", threads: 16, memGiB: 64, diskGiB: 1000), Backend("small"), Backend("busy", cpuUsed: 24) });
            Assert.Equal("big", s.Reserve(Box(0)).Backend);
            var placed = PlaceAll(s, Enumerable.Range(1, 29).Select(i => Box(i))).Append("big").ToList();
            var count = placed.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(2 * count["small"], count["big"], 1.0); // ±1 for rounding at the end
            Assert.True(count.GetValueOrDefault("busy") < count["small"]);
        }

        [Fact]
        public void Pack_fills_the_fullest_backend_that_still_fits_then_the_next()
        {
            var settings = new PlacementSettings(PlacementStrategy.Pack);
            // 8 threads × 4 = 32 CPUs → 16 boxes of 2 CPUs fit per backend.
            var s = new PlacementSession(new[] { Backend("a"), Backend("b"), Backend("c", boxes: 3, cpuUsed: 6) }, settings);
            var placed = PlaceAll(s, Enumerable.Range(0, 20).Select(i => Box(i)));
            Assert.Equal(Enumerable.Repeat("c", 13).Concat(Enumerable.Repeat("a", 7)), placed);
        }

        [Fact]
        public void Team_keeps_a_team_together_then_overflows_and_keeps_the_overflow_together()
        {
            var settings = new PlacementSettings(PlacementStrategy.Team);
            var s = new PlacementSession(new[] { Backend("a", max: 5), Backend("b", max: 5, teams: new Dictionary<string, int> { ["web"] = 1 }, boxes: 1), Backend("c", max: 5) }, settings);
            var web = PlaceAll(s, Enumerable.Range(0, 7).Select(i => Box(i, team: "WEB")));       // team names ignore case
            Assert.Equal(new[] { "b", "b", "b", "b", "a", "a", "a" }, web);                         // b had 1 of 5; overflow goes by Spread, then stays
            var data = PlaceAll(s, Enumerable.Range(10, 3).Select(i => Box(i, team: "data")));
            Assert.Equal(new[] { "c", "c", "c" }, data);                                            // a new team starts on the emptiest
            Assert.Equal("a", s.Reserve(Box(20)).Backend);                                           // no team: Spread (a 3/5 + c 3/5, a first by name)
        }

        [Fact]
        public void Cordoned_unreachable_full_and_unknown_capacity_backends_are_never_chosen()
        {
            var rnd = new Random(42);
            for (var round = 0; round < 200; round++)
            {
                var fleet = Enumerable.Range(0, 5).Select(i =>
                {
                    var max = rnd.Next(0, 4);
                    return Backend("b" + i, threads: rnd.Next(0, 3) == 0 ? 0 : 8, cordoned: rnd.Next(4) == 0, reachable: rnd.Next(4) != 0, max: max,
                        boxes: max > 0 ? rnd.Next(0, max + 1) : 0);
                }).ToList();
                var strategy = (PlacementStrategy)rnd.Next(3);
                var d = PlacementPlanner.Choose(fleet, Box(round, team: "t"), new PlacementSettings(strategy));
                if (!d.Succeeded) continue;
                var chosen = fleet.Single(b => b.Name == d.Backend);
                Assert.True(chosen.Reachable && !chosen.Cordoned && chosen.CpuThreads > 0);
                Assert.True(chosen.MaxContainers == 0 || chosen.BoxCount < chosen.MaxContainers);
                Assert.DoesNotContain(d.Rejections, r => r.Backend == d.Backend);
            }
        }

        [Fact]
        public void Every_rejection_reason_is_reported_per_backend()
        {
            var fleet = new[]
            {
                Backend("cordoned", cordoned: true), Backend("down", reachable: false), Backend("full", max: 2, boxes: 2),
                Backend("nodata", threads: 0), Backend("nocpu", threads: 1, cpuUsed: 3), Backend("nomem", memGiB: 4, memUsedGiB: 5),
                Backend("nodisk", diskGiB: 100, diskUsedGiB: 95), Backend("source"),
            };
            var d = PlacementPlanner.Choose(fleet, Box(1, exclude: "SOURCE"));
            Assert.False(d.Succeeded);
            var reasons = d.Rejections.ToDictionary(r => r.Backend, r => r.Reason);
            Assert.Equal(RejectionReason.Cordoned, reasons["cordoned"]);
            Assert.Equal(RejectionReason.Unreachable, reasons["down"]);
            Assert.Equal(RejectionReason.MaxContainersReached, reasons["full"]);
            Assert.Equal(RejectionReason.NoCapacityData, reasons["nodata"]);
            Assert.Equal(RejectionReason.InsufficientCpu, reasons["nocpu"]);
            Assert.Equal(RejectionReason.InsufficientMemory, reasons["nomem"]);
            Assert.Equal(RejectionReason.InsufficientDisk, reasons["nodisk"]);
            Assert.Equal(RejectionReason.Excluded, reasons["source"]);

            var e = new PlacementException(d);
            Assert.StartsWith("No backend can take box 'box1': cordoned: cordoned: takes no new boxes. down: unreachable.", e.Message);
            Assert.Contains("full: full: holds 2 of at most 2 boxes.", e.Message);
            Assert.Contains("nocpu: not enough room: CPU needs 2, 1 of 4 left (1 threads × 4).", e.Message);
            Assert.Contains("nomem: not enough room: memory needs 2GiB, 1GiB of 6GiB left (4GiB × 1.5).", e.Message);
            Assert.Contains("nodisk: not enough room: disk needs 10GiB, 5GiB of 100GiB left in the pool (100GiB × 1).", e.Message);
            Assert.Equal(8, e.Rejections.Count);
        }

        [Fact]
        public void A_backend_lacking_several_resources_lists_them_all()
        {
            var d = PlacementPlanner.Choose(new[] { Backend("tiny", threads: 1, memGiB: 1, diskGiB: 5) }, Box(1, cpu: 8));
            var r = Assert.Single(d.Rejections);
            Assert.Equal(RejectionReason.InsufficientCpu, r.Reason);
            Assert.Contains("CPU needs 8, 4 of 4 left", r.Message);
            Assert.Contains("memory needs 2GiB", r.Message);
            Assert.Contains("disk needs 10GiB", r.Message);
        }

        [Fact]
        public void Overcommit_factors_set_the_limits_exactly()
        {
            // 32GiB × 1.5 = 48GiB → 24 boxes of 2GiB; CPU 64 threads × 4 is no constraint.
            var s = new PlacementSession(new[] { Backend("a", threads: 64) });
            for (var i = 0; i < 24; i++) s.Reserve(Box(i));
            var d = s.TryReserve(Box(99), out var none);
            Assert.Null(none);
            Assert.Equal(RejectionReason.InsufficientMemory, d.Rejections.Single().Reason);

            var generous = new PlacementSession(new[] { Backend("a", threads: 64) }, new PlacementSettings(memoryOvercommit: 2.0));
            for (var i = 0; i < 32; i++) generous.Reserve(Box(i));
            Assert.False(generous.TryReserve(Box(99), out _).Succeeded);
        }

        [Fact]
        public void Score_is_the_free_share_of_the_scarcest_resource_after_placing()
        {
            // CPU: 32 cap, 8 used + 2 → 22/32 = .6875; memory: 48 cap, 12 + 2 → 34/48 = .708; disk: 500, 100 + 10 → .78; slots: 10, 4+1 → .5
            var d = PlacementPlanner.Choose(new[] { Backend("a", cpuUsed: 8, memUsedGiB: 12, diskUsedGiB: 100, max: 10, boxes: 4) }, Box(1));
            Assert.Equal(0.5, d.Score, 9);
            d = PlacementPlanner.Choose(new[] { Backend("a", cpuUsed: 8, memUsedGiB: 12, diskUsedGiB: 100) }, Box(1));
            Assert.Equal(22.0 / 32, d.Score, 9);
        }

        [Fact]
        public void An_explicit_backend_skips_scoring_but_not_the_checks()
        {
            var fleet = new[] { Backend("a"), Backend("b", cpuUsed: 30), Backend("c", cordoned: true), Backend("d", max: 1, boxes: 1) };
            Assert.Equal("b", PlacementPlanner.Choose(fleet, Box(1, backend: "B")).Backend);

            var cordoned = PlacementPlanner.Choose(fleet, Box(1, backend: "c"));
            Assert.False(cordoned.Succeeded);
            Assert.Equal("No backend can take box 'box1': c: cordoned: takes no new boxes.", cordoned.FailureMessage);

            Assert.Equal(RejectionReason.MaxContainersReached, PlacementPlanner.Choose(fleet, Box(1, backend: "d")).Rejections.Single().Reason);
            Assert.Equal(RejectionReason.InsufficientCpu, PlacementPlanner.Choose(fleet, Box(1, cpu: 4, backend: "b")).Rejections.Single().Reason);
            var unknown = PlacementPlanner.Choose(fleet, Box(1, backend: "zz"));
            Assert.Equal("No backend can take box 'box1': zz: no such backend in the inventory.", unknown.FailureMessage);
            Assert.Equal(RejectionReason.Excluded, PlacementPlanner.Choose(fleet, Box(1, backend: "a", exclude: "a")).Rejections.Single().Reason);
        }

        [Fact]
        public void Move_never_returns_to_the_source_backend()
        {
            var fleet = new[] { Backend("src"), Backend("b1", cpuUsed: 20), Backend("b2", cpuUsed: 10) };
            var d = PlacementPlanner.Choose(fleet, Box(1, exclude: "src"));
            Assert.Equal("b2", d.Backend);
            Assert.Equal("src", d.Rejections.Single().Backend);
        }

        [Fact]
        public void An_empty_inventory_fails_with_its_own_message()
        {
            var d = PlacementPlanner.Choose(Array.Empty<BackendSnapshot>(), Box(7));
            Assert.Equal("No backend can take box 'box7': the inventory is empty.", d.FailureMessage);
        }

        [Fact]
        public void Inputs_are_validated()
        {
            Assert.Throws<ArgumentException>(() => Backend("bad name"));
            Assert.Throws<ArgumentOutOfRangeException>(() => Backend("a", max: -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => Backend("a", boxes: -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new PlacementSettings(cpuOvercommit: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new PlacementSettings(memoryOvercommit: double.NaN));
            Assert.Throws<ArgumentOutOfRangeException>(() => new PlacementRequest("a", 0, GiB, GiB));
            Assert.Throws<ArgumentException>(() => new PlacementRequest("a_b", 1, GiB, GiB));
            Assert.Throws<ArgumentException>(() => new PlacementSession(new[] { Backend("a"), Backend("A") }));
        }
    }
}
