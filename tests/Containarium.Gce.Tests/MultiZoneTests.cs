using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Containarium.Core.Gce;
using Containarium.GceEmulator;
using Xunit;

namespace Containarium.Gce.Tests
{
    public class MultiZoneTests : EmulatorTestBase
    {
        private static readonly string[] Zones = { ZoneA, ZoneB, ZoneC };

        private GceProvisioner Provisioner(List<string>? progress = null) =>
            new GceProvisioner(Client()) { OperationTimeout = TimeSpan.FromSeconds(10), RunningTimeout = TimeSpan.FromSeconds(10), Progress = progress == null ? null : progress.Add };

        [Fact]
        public async Task Falls_back_to_the_next_zone_on_capacity_and_quota_errors()
        {
            State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "ZONE_RESOURCE_POOL_EXHAUSTED", Zone = ZoneA });
            State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "QUOTA_EXCEEDED", Zone = ZoneB });
            var progress = new List<string>();
            var result = await Provisioner(progress).CreateAsync(Project, Zones, Spec());

            Assert.Equal(ZoneC, result.Zone);
            Assert.Equal(GceInstanceStatus.Running, result.Instance.Status);
            Assert.Equal(new[] { (ZoneA, GceErrorReason.ZoneResourcePoolExhausted), (ZoneB, GceErrorReason.QuotaExceeded) },
                result.SkippedZones.Select(f => (f.Zone, f.Reason)));
            Assert.Contains(progress, l => l.Contains($"{ZoneA}: ZONE_RESOURCE_POOL_EXHAUSTED, trying {ZoneB}"));
            Assert.Null(State.InstanceStatus(Project, ZoneA, "b1"));
            Assert.Empty(State.DiskNames(Project, ZoneA)); // nothing left behind where it failed
        }

        [Fact]
        public async Task A_synchronous_quota_error_also_moves_on()
        {
            State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "quotaExceeded", Zone = ZoneA });
            var result = await Provisioner().CreateAsync(Project, Zones, Spec());
            Assert.Equal(ZoneB, result.Zone);
            Assert.Equal(GceErrorReason.QuotaExceeded, Assert.Single(result.SkippedZones).Reason);
        }

        [Fact]
        public async Task When_every_zone_fails_the_error_lists_each_zone()
        {
            State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "ZONE_RESOURCE_POOL_EXHAUSTED", Zone = ZoneA });
            State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS", Zone = ZoneB });
            State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "QUOTA_EXCEEDED", Zone = ZoneC });
            var e = await Assert.ThrowsAsync<GceException>(() => Provisioner().CreateAsync(Project, Zones, Spec()));
            Assert.Equal(3, e.ZoneFailures.Count);
            Assert.Equal(new[] { GceErrorReason.ZoneResourcePoolExhausted, GceErrorReason.ZoneResourcePoolExhaustedWithDetails, GceErrorReason.QuotaExceeded },
                e.ZoneFailures.Select(f => f.Reason));
            Assert.Equal(GceErrorReason.QuotaExceeded, e.Reason);
            foreach (var z in Zones) Assert.Contains(z, e.Message);
            AssertNoToken(e);
        }

        [Fact]
        public async Task Other_errors_stop_at_once()
        {
            State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "ZONE_RESOURCE_POOL_EXHAUSTED", Zone = ZoneA });
            State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "403", Zone = ZoneB });
            var e = await Assert.ThrowsAsync<GceException>(() => Provisioner().CreateAsync(Project, Zones, Spec()));
            Assert.Equal(GceErrorReason.PermissionDenied, e.Reason);
            Assert.Equal(2, e.ZoneFailures.Count);
            Assert.Contains(ZoneA, e.Message);
            Assert.DoesNotContain(State.Requests, r => r.Zone == ZoneC);
        }

        [Fact]
        public async Task Bad_input_fails_before_any_request()
        {
            var spec = Spec();
            spec.Labels["Bad Key"] = "x";
            await Assert.ThrowsAsync<ArgumentException>(() => Provisioner().CreateAsync(Project, Zones, spec));
            await Assert.ThrowsAsync<ArgumentException>(() => Provisioner().CreateAsync(Project, new[] { ZoneA, ZoneA }, Spec()));
            await Assert.ThrowsAsync<ArgumentException>(() => Provisioner().CreateAsync(Project, new[] { "nowhere" }, Spec()));
            Assert.Empty(State.Requests);
        }
    }
}
