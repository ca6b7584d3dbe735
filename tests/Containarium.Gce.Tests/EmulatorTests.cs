using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Containarium.Core.Gce;
using Containarium.GceEmulator;
using Xunit;

namespace Containarium.Gce.Tests
{
    /// <summary>The emulator's own surface: admin endpoints over HTTP, backend mapping, routing.</summary>
    public class EmulatorTests : EmulatorTestBase
    {
        private readonly HttpClient _http = new HttpClient();

        public override async Task DisposeAsync()
        {
            _http.Dispose();
            await base.DisposeAsync();
        }

        private Task<HttpResponseMessage> PostAdmin(string path, object body) =>
            _http.PostAsync(Emulator.BaseUrl + "emulator/" + path, new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

        [Fact]
        public async Task Admin_http_endpoints_inject_faults_and_preempt()
        {
            var client = Client();
            await CreateAsync(client, Spec());
            var fault = await PostAdmin("faults", new { method = "instances.get", kind = "404", count = 1 });
            Assert.Equal(HttpStatusCode.OK, fault.StatusCode);
            Assert.True((await Assert.ThrowsAsync<GceException>(() => client.GetInstanceAsync(Project, ZoneA, "b1"))).IsNotFound);
            Assert.Equal("b1", (await client.GetInstanceAsync(Project, ZoneA, "b1")).Name);

            Assert.Equal(HttpStatusCode.BadRequest, (await PostAdmin("faults", new { method = "instances.get", kind = "teapot" })).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await PostAdmin("faults", new { method = "instances.get", kind = "QUOTA_EXCEEDED" })).StatusCode);

            Assert.Equal(HttpStatusCode.OK, (await PostAdmin("preempt", new { project = Project, zone = ZoneA, instance = "b1" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await PostAdmin("preempt", new { project = Project, zone = ZoneA, instance = "b1" })).StatusCode);
            await client.WaitForStatusAsync(Project, ZoneA, "b1", GceInstanceStatus.Terminated, TimeSpan.FromSeconds(5));
            Assert.True((await client.GetInstanceStateAsync(Project, ZoneA, "b1")).Preempted);

            var requests = JsonNode.Parse(await _http.GetStringAsync(Emulator.BaseUrl + "emulator/requests"))!.AsArray();
            Assert.Contains(requests, r => (string?)r!["Method"] == "instances.insert");
            Assert.DoesNotContain(Token, requests.ToJsonString());
        }

        [Fact]
        public async Task Instances_map_to_lab_backend_addresses()
        {
            State.MapBackend(new BackendMapping { Instance = "b1", Host = "127.0.0.1", SshPort = 2201 });
            var client = Client();
            var b1 = await CreateAsync(client, Spec("b1"));
            Assert.Equal("127.0.0.1", b1.ExternalIp);
            Assert.Equal("127.0.0.1", b1.InternalIp);
            Assert.Equal(2201, State.BackendFor("b1")!.SshPort);

            var spec = Spec("b2");
            spec.NoExternalIp = true;
            var b2 = await CreateAsync(client, spec);
            Assert.Null(b2.ExternalIp);
            Assert.StartsWith("10.128.0.", b2.InternalIp);

            var mapped = await PostAdmin("backends", new { instance = "b2", host = "127.0.0.1", sshPort = 2202 });
            Assert.Equal(HttpStatusCode.OK, mapped.StatusCode);
            Assert.Equal("127.0.0.1", (await client.GetInstanceAsync(Project, ZoneA, "b2")).InternalIp);
            var list = JsonNode.Parse(await _http.GetStringAsync(Emulator.BaseUrl + "emulator/backends"))!.AsArray();
            Assert.Equal(2, list.Count);
        }

        [Fact]
        public async Task Unknown_routes_answer_in_googles_error_shape()
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, Emulator.ComputeEndpoint + "projects/" + Project + "/zones/" + ZoneA + "/machineTypes");
            req.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
            using var r = await _http.SendAsync(req);
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            var body = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
            Assert.Equal(404, (int)body["error"]!["code"]!);
            Assert.Equal("notFound", (string?)body["error"]!["errors"]![0]!["reason"]);
        }

        [Fact]
        public async Task Paging_is_followed_by_the_client()
        {
            var client = Client();
            for (var i = 0; i < 3; i++) await CreateAsync(client, Spec("b" + i));
            using var req = new HttpRequestMessage(HttpMethod.Get, Emulator.ComputeEndpoint + $"projects/{Project}/zones/{ZoneA}/instances?maxResults=2");
            req.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
            using var r = await _http.SendAsync(req);
            var page = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
            Assert.Equal(2, page["items"]!.AsArray().Count);
            Assert.Equal("2", (string?)page["nextPageToken"]);
            Assert.Equal(3, (await client.ListInstancesAsync(Project, ZoneA)).Count);
        }
    }
}
