using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Gce;
using Xunit;

namespace Containarium.Gce.Tests
{
    public class AuthTests : EmulatorTestBase
    {
        private const string ClientEmail = "ctr-provisioner@ctr-test-project.iam.gserviceaccount.com";
        private string _dir = "";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            _dir = Path.Combine(Path.GetTempPath(), "ctr-gce-auth-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        public override async Task DisposeAsync()
        {
            Directory.Delete(_dir, recursive: true);
            await base.DisposeAsync();
        }

        /// <summary>A service-account key file with a fresh RSA key and token_uri on the emulator.</summary>
        private string WriteKeyFile(RSA key, string? tokenUri = null)
        {
            var json = new JsonObject
            {
                ["type"] = "service_account",
                ["project_id"] = Project,
                ["private_key_id"] = "0123456789abcdef0123456789abcdef01234567",
                ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
                ["client_email"] = ClientEmail,
                ["client_id"] = "100000000000000000001",
                ["auth_uri"] = Emulator.BaseUrl + "auth",
                ["token_uri"] = tokenUri ?? Emulator.TokenUrl,
            };
            var path = Path.Combine(_dir, "sa.json");
            File.WriteAllText(path, json.ToJsonString());
            return path;
        }

        [Fact]
        public async Task Service_account_json_runs_the_jwt_flow_against_the_emulator()
        {
            using var key = RSA.Create(2048);
            State.RegisterServiceAccount(ClientEmail, key);
            var client = Client(tokens: GceAuth.ServiceAccountFile(WriteKeyFile(key)));
            Assert.Empty(await client.ListInstancesAsync(Project, ZoneA));
            await CreateAsync(client, Spec());
            Assert.All(State.Requests, r => Assert.True(r.Authorized));
            Assert.Contains("service account key file", client.CredentialDescription);
        }

        [Fact]
        public async Task An_unregistered_key_is_refused_by_the_token_endpoint()
        {
            using var key = RSA.Create(2048);
            using var other = RSA.Create(2048);
            State.RegisterServiceAccount(ClientEmail, other); // the emulator trusts a different key
            var client = Client(tokens: GceAuth.ServiceAccountFile(WriteKeyFile(key)));
            var e = await Assert.ThrowsAsync<GceException>(() => client.ListInstancesAsync(Project, ZoneA));
            Assert.Equal(GceErrorReason.CredentialsFailed, e.Reason);
            Assert.DoesNotContain("PRIVATE KEY", e.ToString());
            Assert.Empty(State.Requests); // no compute call without a token
        }

        [Fact]
        public async Task A_missing_key_file_is_a_credentials_error()
        {
            var client = Client(tokens: GceAuth.ServiceAccountFile(Path.Combine(_dir, "missing.json")));
            var e = await Assert.ThrowsAsync<GceException>(() => client.ListInstancesAsync(Project, ZoneA));
            Assert.Equal(GceErrorReason.CredentialsFailed, e.Reason);
        }

        [Fact]
        public async Task Metadata_server_token_is_used()
        {
            var client = Client(tokens: GceAuth.MetadataServer(Emulator.MetadataTokenUrl));
            Assert.Empty(await client.ListInstancesAsync(Project, ZoneA));
            Assert.True(Assert.Single(State.Requests).Authorized);
        }

        [Fact]
        public async Task Token_endpoint_checks_signature_audience_and_scope()
        {
            using var key = RSA.Create(2048);
            State.RegisterServiceAccount(ClientEmail, key);
            using var http = new HttpClient();
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

            async Task<(int Status, string Body)> Exchange(string jwt)
            {
                using var r = await http.PostAsync(Emulator.TokenUrl, new FormUrlEncodedContent(new[]
                {
                    new System.Collections.Generic.KeyValuePair<string, string>("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                    new System.Collections.Generic.KeyValuePair<string, string>("assertion", jwt),
                }));
                return ((int)r.StatusCode, await r.Content.ReadAsStringAsync());
            }

            string Jwt(RSA signer, string aud, string scope, long exp) => Sign(signer, new JsonObject
            {
                ["iss"] = ClientEmail, ["scope"] = scope, ["aud"] = aud, ["iat"] = now, ["exp"] = exp,
            });

            const string compute = "https://www.googleapis.com/auth/compute";
            var ok = await Exchange(Jwt(key, Emulator.TokenUrl, compute, now + 3600));
            Assert.Equal(200, ok.Status);
            var token = (string)JsonNode.Parse(ok.Body)!["access_token"]!;
            Assert.True(State.IsAuthorized(token));

            using var other = RSA.Create(2048);
            Assert.Contains("Signature", (await Exchange(Jwt(other, Emulator.TokenUrl, compute, now + 3600))).Body);
            Assert.Contains("aud", (await Exchange(Jwt(key, "https://example.com/token", compute, now + 3600))).Body);
            Assert.Equal(200, (await Exchange(Jwt(key, "https://oauth2.googleapis.com/token", compute, now + 3600))).Status);
            Assert.Contains("invalid_scope", (await Exchange(Jwt(key, Emulator.TokenUrl, "https://www.googleapis.com/auth/devstorage.read_only", now + 3600))).Body);
            Assert.Equal(400, (await Exchange(Jwt(key, Emulator.TokenUrl, compute, now - 10))).Status);
            Assert.Equal(400, (await Exchange("not.a.jwt")).Status);
        }

        private static string Sign(RSA key, JsonObject claims)
        {
            static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var head = B64(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
            var body = B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
            var sig = key.SignData(Encoding.ASCII.GetBytes(head + "." + body), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return head + "." + body + "." + B64(sig);
        }

        [Fact]
        public async Task Cancellation_stops_before_sending_and_inside_the_wait_loop()
        {
            var client = Client();
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListInstancesAsync(Project, ZoneA, cancellationToken: cancelled.Token));
            Assert.Empty(State.Requests);

            var op = await client.InsertInstanceAsync(Project, ZoneA, InstanceBodyBuilder.Build(Spec(), ZoneA));
            using var cts = new CancellationTokenSource();
            var options = Options();
            options.Retry.Delay = (d, ct) => { cts.Cancel(); ct.ThrowIfCancellationRequested(); return Task.CompletedTask; };
            var cancelling = Client(options: options);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelling.WaitForOperationAsync(Project, ZoneA, op, TimeSpan.FromSeconds(30), cts.Token));
        }
    }

    /// <summary>Tests that set process-wide environment variables: never run beside others.</summary>
    [CollectionDefinition("environment", DisableParallelization = true)]
    public class EnvironmentCollection
    {
    }

    [Collection("environment")]
    public class EnvironmentSeamTests : EmulatorTestBase
    {
        [Fact]
        public async Task Endpoint_and_fixed_token_come_from_the_environment()
        {
            var oldEndpoint = Environment.GetEnvironmentVariable(GceClientOptions.EndpointVariable);
            var oldToken = Environment.GetEnvironmentVariable(GceAuth.AccessTokenVariable);
            try
            {
                Environment.SetEnvironmentVariable(GceClientOptions.EndpointVariable, Emulator.ComputeEndpoint.TrimEnd('/'));
                Environment.SetEnvironmentVariable(GceAuth.AccessTokenVariable, Token);
                var lines = new System.Collections.Generic.List<string>();
                using var client = GceClient.FromEnvironment(log: lines.Add);
                Assert.Equal(new Uri(Emulator.ComputeEndpoint), client.Endpoint);
                Assert.Equal("fixed access token", client.CredentialDescription);
                Assert.Empty(await client.ListInstancesAsync(Project, ZoneA));
                Assert.True(Assert.Single(State.Requests).Authorized);
                Assert.NotEmpty(lines);
                Assert.DoesNotContain(lines, l => l.Contains(Token));
                Assert.DoesNotContain(Token, client.ToString());
            }
            finally
            {
                Environment.SetEnvironmentVariable(GceClientOptions.EndpointVariable, oldEndpoint);
                Environment.SetEnvironmentVariable(GceAuth.AccessTokenVariable, oldToken);
            }
        }

        [Fact]
        public void A_bad_endpoint_is_refused()
        {
            Assert.Throws<ArgumentException>(() => GceClientOptions.ParseEndpoint("ftp://127.0.0.1/"));
            Assert.Equal("http://127.0.0.1:1/compute/v1/", GceClientOptions.ParseEndpoint("http://127.0.0.1:1/compute/v1").ToString());
        }
    }
}
