using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Containarium.Core.Gce;
using Containarium.GceEmulator;
using Xunit;

namespace Containarium.Gce.Tests
{
    public class ErrorMappingTests : EmulatorTestBase
    {
        [Fact]
        public async Task Second_insert_of_a_name_is_already_exists()
        {
            var client = Client();
            await CreateAsync(client, Spec());
            var e = await Assert.ThrowsAsync<GceException>(() => client.InsertInstanceAsync(Project, ZoneA, InstanceBodyBuilder.Build(Spec(), ZoneA)));
            Assert.Equal(GceErrorReason.AlreadyExists, e.Reason);
            Assert.Equal(409, e.HttpStatus);
            Assert.Equal("alreadyExists", e.ApiReason);
            Assert.True(e.IsAlreadyExists);
            Assert.Contains("already exists", e.Message);
            AssertNoToken(e);
        }

        [Fact]
        public async Task Missing_instance_is_not_found()
        {
            var client = Client();
            var e = await Assert.ThrowsAsync<GceException>(() => client.GetInstanceAsync(Project, ZoneA, "nope"));
            Assert.Equal(GceErrorReason.NotFound, e.Reason);
            Assert.Equal(404, e.HttpStatus);
            Assert.Equal(ZoneA, e.Zone);
            Assert.Null(await client.FindInstanceAsync(Project, ZoneA, "nope"));
            var stop = await Assert.ThrowsAsync<GceException>(() => client.StopInstanceAsync(Project, ZoneA, "nope"));
            Assert.True(stop.IsNotFound);
            AssertNoToken(e);
        }

        [Theory]
        [InlineData("403", GceErrorReason.PermissionDenied, 403)]
        [InlineData("404", GceErrorReason.NotFound, 404)]
        [InlineData("409", GceErrorReason.AlreadyExists, 409)]
        [InlineData("quotaExceeded", GceErrorReason.QuotaExceeded, 403)]
        [InlineData("401", GceErrorReason.Unauthenticated, 401)]
        public async Task Injected_http_errors_map_to_stable_reasons(string kind, string reason, int status)
        {
            var client = Client();
            State.InjectFault(new FaultRule { Method = "instances.list", Kind = kind });
            var e = await Assert.ThrowsAsync<GceException>(() => client.ListInstancesAsync(Project, ZoneA));
            Assert.Equal(reason, e.Reason);
            Assert.Equal(status, e.HttpStatus);
            Assert.Single(State.Requests); // not retried
            AssertNoToken(e);
        }

        [Fact]
        public async Task Wrong_token_is_unauthenticated_and_never_echoed()
        {
            const string bad = "wrong-token-0123456789abcdef";
            var client = Client(tokens: GceAuth.FixedToken(bad));
            var e = await Assert.ThrowsAsync<GceException>(() => client.ListInstancesAsync(Project, ZoneA));
            Assert.Equal(GceErrorReason.Unauthenticated, e.Reason);
            Assert.Equal("authError", e.ApiReason);
            AssertNoToken(e, bad);
            Assert.DoesNotContain(LogLines, l => l.Contains(bad));
            Assert.DoesNotContain(bad, client.ToString());
        }

        [Fact]
        public async Task A_wrong_enum_is_refused_by_the_emulator_with_a_clear_error()
        {
            var client = Client();
            var body = InstanceBodyBuilder.Build(Spec(), ZoneA);
            body["scheduling"]!["provisioningModel"] = "SPOTTY";
            var e = await Assert.ThrowsAsync<GceException>(() => client.InsertInstanceAsync(Project, ZoneA, body));
            Assert.Equal(GceErrorReason.InvalidArgument, e.Reason);
            Assert.Equal(400, e.HttpStatus);
            Assert.Contains("resource.scheduling.provisioningModel", e.Message);
            Assert.Contains("SPOTTY", e.Message);
            Assert.Null(await client.FindInstanceAsync(Project, ZoneA, "b1"));
        }

        [Theory]
        [InlineData("scheduling", "instanceTerminationAction", "HIBERNATE")]
        [InlineData("scheduling", "onHostMaintenance", "RESTART")]
        [InlineData("disks", "type", "EPHEMERAL")]
        [InlineData("disks", "mode", "READ_MOSTLY")]
        public async Task Other_wrong_enums_are_refused(string parent, string field, string value)
        {
            var client = Client();
            var body = InstanceBodyBuilder.Build(Spec(), ZoneA);
            var target = parent == "disks" ? body["disks"]![0]!.AsObject() : body[parent]!.AsObject();
            target[field] = value;
            var e = await Assert.ThrowsAsync<GceException>(() => client.InsertInstanceAsync(Project, ZoneA, body));
            Assert.Equal(GceErrorReason.InvalidArgument, e.Reason);
            Assert.Contains(field, e.Message);
            Assert.Contains(value, e.Message);
        }

        [Fact]
        public async Task An_unknown_field_is_refused()
        {
            var client = Client();
            var body = InstanceBodyBuilder.Build(Spec(), ZoneA);
            body["scheduling"]!["provisioning_model"] = "SPOT";
            var e = await Assert.ThrowsAsync<GceException>(() => client.InsertInstanceAsync(Project, ZoneA, body));
            Assert.Equal(GceErrorReason.InvalidArgument, e.Reason);
            Assert.Contains("Unknown name \"provisioning_model\" at 'resource.scheduling'", e.Message);
        }

        [Fact]
        public async Task Spot_with_automatic_restart_is_refused()
        {
            var client = Client();
            var body = InstanceBodyBuilder.Build(Spec(), ZoneA);
            body["scheduling"]!["automaticRestart"] = true;
            var e = await Assert.ThrowsAsync<GceException>(() => client.InsertInstanceAsync(Project, ZoneA, body));
            Assert.Equal(GceErrorReason.InvalidArgument, e.Reason);
            Assert.Contains("resource.scheduling.automaticRestart", e.Message);
        }

        [Fact]
        public async Task Failed_operation_error_is_mapped_from_its_code()
        {
            var client = Client();
            State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS" });
            var op = await client.InsertInstanceAsync(Project, ZoneA, InstanceBodyBuilder.Build(Spec(), ZoneA));
            var e = await Assert.ThrowsAsync<GceException>(() => client.WaitForOperationAsync(Project, ZoneA, op, TimeSpan.FromSeconds(10)));
            Assert.Equal(GceErrorReason.ZoneResourcePoolExhaustedWithDetails, e.Reason);
            Assert.True(e.IsCapacityOrQuota);
            Assert.Equal(503, e.HttpStatus);
            Assert.Contains("does not have enough resources", e.Message);
        }

        [Fact]
        public void Envelope_parsing_prefers_reason_then_status_then_http_code()
        {
            Assert.Equal(GceErrorReason.QuotaExceeded, Parse(403, "{\"error\":{\"code\":403,\"message\":\"Quota 'CPUS' exceeded.\",\"errors\":[{\"reason\":\"quotaExceeded\"}]}}"));
            Assert.Equal(GceErrorReason.PermissionDenied, Parse(403, "{\"error\":{\"code\":403,\"message\":\"x\",\"status\":\"PERMISSION_DENIED\"}}"));
            Assert.Equal(GceErrorReason.ZoneResourcePoolExhausted, Parse(503, "{\"error\":{\"code\":503,\"message\":\"x\",\"errors\":[{\"reason\":\"ZONE_RESOURCE_POOL_EXHAUSTED\"}]}}"));
            Assert.Equal(GceErrorReason.RateLimitExceeded, Parse(403, "{\"error\":{\"code\":403,\"errors\":[{\"reason\":\"rateLimitExceeded\"}]}}"));
            Assert.Equal(GceErrorReason.NotFound, Parse(404, "<html>not json</html>"));
            Assert.Equal(GceErrorReason.Unavailable, Parse(502, ""));
        }

        private static string Parse(int status, string body) => GceErrorParser.ReadEnvelope(status, body).Reason;

        [Fact]
        public void Redaction_removes_token_shapes()
        {
            var text = "Authorization: Bearer abc.def-123 token ya29.a0AfB_xyz {\"access_token\":\"s3cr3t\"} assertion=eyJhbGciOi.eyJpc3MiOi.c2ln and known-secret-value";
            var clean = GceRedaction.Clean(text, "known-secret-value");
            Assert.DoesNotContain("abc.def-123", clean);
            Assert.DoesNotContain("ya29.", clean);
            Assert.DoesNotContain("s3cr3t", clean);
            Assert.DoesNotContain("eyJhbGciOi", clean);
            Assert.DoesNotContain("known-secret-value", clean);
            Assert.Contains("Bearer [redacted]", clean);
        }
    }
}
