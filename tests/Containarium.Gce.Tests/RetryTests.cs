using System;
using System.Linq;
using System.Threading.Tasks;
using Containarium.Core.Gce;
using Containarium.GceEmulator;
using Xunit;

namespace Containarium.Gce.Tests
{
    public class RetryTests : EmulatorTestBase
    {
        private async Task<GceClient> WithInstanceAsync(int maxAttempts = 5)
        {
            var client = Client(maxAttempts);
            await CreateAsync(client, Spec());
            while (Delays.TryDequeue(out _)) { }
            State.ClearRequests();
            return client;
        }

        [Theory]
        [InlineData("429")]
        [InlineData("500")]
        [InlineData("503")]
        [InlineData("drop")]
        public async Task Transient_failures_are_retried_then_succeed(string kind)
        {
            var client = await WithInstanceAsync();
            State.InjectFault(new FaultRule { Method = "instances.get", Kind = kind, Count = 2 });
            var instance = await client.GetInstanceAsync(Project, ZoneA, "b1");
            Assert.Equal("b1", instance.Name);
            Assert.Equal(3, State.Requests.Count(r => r.Method == "instances.get"));
            Assert.Equal(2, Delays.Count);
        }

        [Fact]
        public async Task Backoff_grows_exponentially_with_jitter()
        {
            var client = await WithInstanceAsync();
            State.InjectFault(new FaultRule { Method = "instances.get", Kind = "503", Count = 3 });
            await client.GetInstanceAsync(Project, ZoneA, "b1");
            // Random() = 0.5 → 75 % of the capped exponential: 375, 750, 1500 ms.
            Assert.Equal(new[] { 375.0, 750.0, 1500.0 }, Delays.Select(d => d.TotalMilliseconds));
        }

        [Fact]
        public void Backoff_is_capped_and_jitter_stays_within_half_to_full()
        {
            var p = new GceRetryPolicy { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8), Random = () => 0.0 };
            Assert.Equal(TimeSpan.FromSeconds(4), p.NextDelay(4, null)); // 8 s capped, half of it
            p.Random = () => 0.999999;
            Assert.True(p.NextDelay(10, null) <= TimeSpan.FromSeconds(8));
            Assert.True(p.NextDelay(10, null) > TimeSpan.FromSeconds(7.9));
        }

        [Fact]
        public async Task Gives_up_after_the_bound_with_a_clear_error()
        {
            var client = await WithInstanceAsync(maxAttempts: 3);
            State.InjectFault(new FaultRule { Method = "instances.get", Kind = "503", Count = 10 });
            var e = await Assert.ThrowsAsync<GceException>(() => client.GetInstanceAsync(Project, ZoneA, "b1"));
            Assert.Equal(GceErrorReason.Unavailable, e.Reason);
            Assert.Equal(503, e.HttpStatus);
            Assert.Contains("after 3 attempts", e.Message);
            Assert.Equal(3, State.Requests.Count(r => r.Method == "instances.get"));
            Assert.Equal(2, Delays.Count);
            AssertNoToken(e);
        }

        [Fact]
        public async Task Gives_up_on_dropped_connections_after_the_bound()
        {
            var client = await WithInstanceAsync(maxAttempts: 2);
            State.InjectFault(new FaultRule { Method = "*", Kind = "drop", Count = 10 });
            var e = await Assert.ThrowsAsync<GceException>(() => client.ListInstancesAsync(Project, ZoneA));
            Assert.Equal(GceErrorReason.ConnectionFailed, e.Reason);
            Assert.Contains("after 2 attempts", e.Message);
            AssertNoToken(e);
        }

        [Fact]
        public async Task Retry_after_is_honoured()
        {
            var client = await WithInstanceAsync();
            State.InjectFault(new FaultRule { Method = "instances.get", Kind = "429", Count = 1, RetryAfterSeconds = 7 });
            await client.GetInstanceAsync(Project, ZoneA, "b1");
            Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(Delays));
        }

        [Fact]
        public async Task Retry_after_is_clipped_to_the_policy_maximum()
        {
            var options = Options();
            options.Retry.MaxRetryAfter = TimeSpan.FromSeconds(30);
            var client = Client(options: options);
            await CreateAsync(client, Spec());
            while (Delays.TryDequeue(out _)) { }
            State.InjectFault(new FaultRule { Method = "instances.get", Kind = "503", Count = 1, RetryAfterSeconds = 3600 });
            await client.GetInstanceAsync(Project, ZoneA, "b1");
            Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(Delays));
        }

        [Fact]
        public async Task A_retried_insert_reuses_its_request_id_and_creates_one_vm()
        {
            var client = Client();
            State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "503", Count = 2 });
            var op = await client.InsertInstanceAsync(Project, ZoneA, InstanceBodyBuilder.Build(Spec(), ZoneA));
            await client.WaitForOperationAsync(Project, ZoneA, op, TimeSpan.FromSeconds(10));
            var inserts = State.Requests.Where(r => r.Method == "instances.insert").ToList();
            Assert.Equal(3, inserts.Count);
            Assert.Single(inserts.Select(r => r.Query).Distinct());
            Assert.Single(await client.ListInstancesAsync(Project, ZoneA));
        }

        [Fact]
        public async Task Operation_wait_survives_transient_failures()
        {
            var client = Client();
            var op = await client.InsertInstanceAsync(Project, ZoneA, InstanceBodyBuilder.Build(Spec(), ZoneA));
            State.InjectFault(new FaultRule { Method = "zoneOperations.wait", Kind = "drop", Count = 1 });
            State.InjectFault(new FaultRule { Method = "zoneOperations.wait", Kind = "500", Count = 1 });
            var done = await client.WaitForOperationAsync(Project, ZoneA, op, TimeSpan.FromSeconds(10));
            Assert.True(done.IsDone);
        }
    }
}
