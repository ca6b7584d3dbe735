using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Containarium.Core.Gce;
using Containarium.GceEmulator;
using Xunit;

namespace Containarium.Gce.Tests
{
    public class InstanceLifecycleTests : EmulatorTestBase
    {
        [Fact]
        public async Task Insert_then_operation_done_then_running()
        {
            var client = Client();
            var op = await client.InsertInstanceAsync(Project, ZoneA, InstanceBodyBuilder.Build(Spec(), ZoneA));
            Assert.Equal("insert", op.OperationType);
            Assert.False(op.IsDone);
            Assert.Equal("PROVISIONING", State.InstanceStatus(Project, ZoneA, "b1"));

            var done = await client.WaitForOperationAsync(Project, ZoneA, op, TimeSpan.FromSeconds(10));
            Assert.True(done.IsDone);
            Assert.False(done.Failed);
            // zoneOperations.wait may return before DONE: the emulator advances one step per call, so the client looped.
            Assert.True(State.Requests.Count(r => r.Method == "zoneOperations.wait") >= 2);

            var instance = await client.GetInstanceAsync(Project, ZoneA, "b1");
            Assert.Equal(GceInstanceStatus.Running, instance.Status);
            Assert.True(instance.IsSpot);
            Assert.Equal("b1", instance.Labels!["containarium-backend"]);
            Assert.Equal(ZoneA, instance.Zone);
            Assert.Equal("e2-standard-4", instance.MachineType);
            Assert.NotNull(instance.ExternalIp);
            Assert.NotNull(instance.LastStartTime);
            Assert.Equal(new[] { "b1", "b1-incus-data" }, State.DiskNames(Project, ZoneA));
        }

        [Fact]
        public async Task Insert_body_carries_spot_scheduling_metadata_and_labels()
        {
            var client = Client();
            await CreateAsync(client, Spec());
            var body = JsonNode.Parse(State.Requests.Single(r => r.Method == "instances.insert").Body!)!;
            Assert.Equal("SPOT", (string?)body["scheduling"]!["provisioningModel"]);
            Assert.Equal("STOP", (string?)body["scheduling"]!["instanceTerminationAction"]);
            Assert.False((bool)body["scheduling"]!["automaticRestart"]!);
            Assert.Equal("TERMINATE", (string?)body["scheduling"]!["onHostMaintenance"]);
            var items = body["metadata"]!["items"]!.AsArray();
            var keys = (string?)items.Single(i => (string?)i!["key"] == "ssh-keys")!["value"];
            Assert.StartsWith("ctradmin:ssh-ed25519 AAAA", keys);
            Assert.EndsWith(" ctradmin", keys);
            var script = (string?)items.Single(i => (string?)i!["key"] == "startup-script")!["value"];
            Assert.StartsWith("#!/bin/sh\nCTR_ADMIN_USER=ctradmin\n", script);
            Assert.Contains("CTR_STORAGE_DRIVER=btrfs", script);
            Assert.Contains("CTR_DATA_DEVICE=/dev/disk/by-id/google-incus-data", script);
            Assert.Equal("platform", (string?)body["labels"]!["team"]);
            Assert.Equal(new[] { "containarium", "allow-ssh" }, body["tags"]!["items"]!.AsArray().Select(t => (string?)t));
            Assert.Contains("requestId=", State.Requests.Single(r => r.Method == "instances.insert").Query);
        }

        [Fact]
        public async Task List_by_label_returns_only_matching_instances()
        {
            var client = Client();
            await CreateAsync(client, Spec("b1"));
            var other = Spec("other");
            other.BackendName = "someone-else";
            await CreateAsync(client, other);

            var found = await client.ListInstancesByLabelAsync(Project, ZoneA, "containarium-backend", "b1");
            Assert.Equal("b1", Assert.Single(found).Name);
            Assert.Equal(2, (await client.ListInstancesAsync(Project, ZoneA)).Count);
            Assert.Empty(await client.ListInstancesByLabelAsync(Project, ZoneB, "containarium-backend", "b1"));
        }

        [Fact]
        public async Task Stop_then_start()
        {
            var client = Client();
            await CreateAsync(client, Spec());
            var stop = await client.StopInstanceAsync(Project, ZoneA, "b1");
            await client.WaitForOperationAsync(Project, ZoneA, stop, TimeSpan.FromSeconds(10));
            var stopped = await client.WaitForStatusAsync(Project, ZoneA, "b1", GceInstanceStatus.Terminated, TimeSpan.FromSeconds(10));
            Assert.Equal(GceInstanceStatus.Terminated, stopped.Status);
            Assert.NotNull(stopped.LastStopTime);

            var state = await client.GetInstanceStateAsync(Project, ZoneA, "b1");
            Assert.False(state.Preempted); // stopped by the user

            var start = await client.StartInstanceAsync(Project, ZoneA, "b1");
            await client.WaitForOperationAsync(Project, ZoneA, start, TimeSpan.FromSeconds(10));
            Assert.Equal(GceInstanceStatus.Running, (await client.GetInstanceAsync(Project, ZoneA, "b1")).Status);
        }

        [Fact]
        public async Task Delete_removes_the_vm_and_boot_disk_and_keeps_the_data_disk_until_deleted()
        {
            var client = Client();
            await CreateAsync(client, Spec());
            var del = await client.DeleteInstanceAsync(Project, ZoneA, "b1");
            await client.WaitForOperationAsync(Project, ZoneA, del, TimeSpan.FromSeconds(10));
            Assert.Null(await client.FindInstanceAsync(Project, ZoneA, "b1"));
            Assert.Equal(new[] { "b1-incus-data" }, State.DiskNames(Project, ZoneA));

            var disk = await client.DeleteDiskAsync(Project, ZoneA, "b1-incus-data");
            await client.WaitForOperationAsync(Project, ZoneA, disk, TimeSpan.FromSeconds(10));
            Assert.Empty(State.DiskNames(Project, ZoneA));
        }

        [Fact]
        public async Task Deleting_a_disk_in_use_is_refused()
        {
            var client = Client();
            await CreateAsync(client, Spec());
            var e = await Assert.ThrowsAsync<GceException>(() => client.DeleteDiskAsync(Project, ZoneA, "b1-incus-data"));
            Assert.Equal(GceErrorReason.ResourceInUse, e.Reason);
            Assert.Equal(400, e.HttpStatus);
        }

        [Fact]
        public async Task Preemption_is_detected_from_the_preempted_operation()
        {
            var client = Client();
            await CreateAsync(client, Spec());
            Assert.True(State.Preempt(Project, ZoneA, "b1"));

            var first = await client.GetInstanceAsync(Project, ZoneA, "b1");
            Assert.Equal(GceInstanceStatus.Stopping, first.Status);
            var down = await client.WaitForStatusAsync(Project, ZoneA, "b1", GceInstanceStatus.Terminated, TimeSpan.FromSeconds(10));
            Assert.Equal(GceInstanceStatus.Terminated, down.Status);

            var state = await client.GetInstanceStateAsync(Project, ZoneA, "b1");
            Assert.True(state.Preempted);
            Assert.True(state.PreemptionChecked);
            Assert.NotNull(state.PreemptedAt);

            // Started again: running, no longer preempted; a later user stop is not a preemption either
            // (the old preempted operation predates lastStartTimestamp).
            await client.WaitForOperationAsync(Project, ZoneA, await client.StartInstanceAsync(Project, ZoneA, "b1"), TimeSpan.FromSeconds(10));
            Assert.False((await client.GetInstanceStateAsync(Project, ZoneA, "b1")).Preempted);
            await client.WaitForOperationAsync(Project, ZoneA, await client.StopInstanceAsync(Project, ZoneA, "b1"), TimeSpan.FromSeconds(10));
            var later = await client.GetInstanceStateAsync(Project, ZoneA, "b1");
            Assert.Equal(GceInstanceStatus.Terminated, later.Status);
            Assert.False(later.Preempted);
        }

        [Fact]
        public async Task Standard_vm_is_never_reported_preempted()
        {
            var client = Client();
            await CreateAsync(client, Spec(spot: false));
            Assert.False(State.Preempt(Project, ZoneA, "missing"));
            var state = await client.GetInstanceStateAsync(Project, ZoneA, "b1");
            Assert.Equal(GceInstanceStatus.Running, state.Status);
            Assert.False(state.Preempted);
        }

        [Fact]
        public async Task Insert_with_the_same_request_id_returns_the_same_operation()
        {
            var client = Client();
            var body = InstanceBodyBuilder.Build(Spec(), ZoneA);
            var a = await client.InsertInstanceAsync(Project, ZoneA, body, "2f1c9d1e-1111-4222-8333-444455556666");
            var b = await client.InsertInstanceAsync(Project, ZoneA, body, "2f1c9d1e-1111-4222-8333-444455556666");
            Assert.Equal(a.Name, b.Name);
            Assert.Single(await client.ListInstancesAsync(Project, ZoneA));
        }

        [Fact]
        public async Task Operation_wait_gives_up_at_the_callers_timeout()
        {
            await using var frozen = await GceEmulatorHost.StartAsync(new EmulatorOptions { AccessTokens = { Token }, StepsPerPoll = 0 });
            var options = Options();
            options.Endpoint = new Uri(frozen.ComputeEndpoint);
            options.Retry.Delay = (d, ct) => Task.Delay(TimeSpan.FromMilliseconds(20), ct);
            using var client = new GceClient(GceAuth.FixedToken(Token), options);
            var op = await client.InsertInstanceAsync(Project, ZoneA, InstanceBodyBuilder.Build(Spec(), ZoneA));
            var e = await Assert.ThrowsAsync<GceException>(() => client.WaitForOperationAsync(Project, ZoneA, op, TimeSpan.FromMilliseconds(300)));
            Assert.Equal(GceErrorReason.Timeout, e.Reason);
            Assert.Contains(op.Name, e.Message);
        }

        [Fact]
        public async Task Time_based_progress_completes_operations_without_polls()
        {
            var clock = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
            await using var timed = await GceEmulatorHost.StartAsync(new EmulatorOptions { AccessTokens = { Token }, StepsPerPoll = 0, StepMilliseconds = 1000, Clock = () => clock });
            var options = Options();
            options.Endpoint = new Uri(timed.ComputeEndpoint);
            using var client = new GceClient(GceAuth.FixedToken(Token), options);
            var op = await client.InsertInstanceAsync(Project, ZoneA, InstanceBodyBuilder.Build(Spec(), ZoneA));
            Assert.Equal("PROVISIONING", timed.State.InstanceStatus(Project, ZoneA, "b1"));
            clock = clock.AddSeconds(1.5);
            Assert.Equal("STAGING", timed.State.InstanceStatus(Project, ZoneA, "b1"));
            clock = clock.AddSeconds(5);
            var done = await client.GetZoneOperationAsync(Project, ZoneA, op.Name);
            Assert.True(done.IsDone);
            Assert.Equal(GceInstanceStatus.Running, (await client.GetInstanceAsync(Project, ZoneA, "b1")).Status);
        }
    }
}
