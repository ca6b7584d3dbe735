using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Gce;
using Containarium.GceEmulator;
using Xunit;

namespace Containarium.Gce.Tests
{
    /// <summary>A fresh emulator per test (port 0 on 127.0.0.1) and a client whose delays are recorded, never slept.</summary>
    public abstract class EmulatorTestBase : IAsyncLifetime
    {
        public const string Project = "ctr-test-project";
        public const string ZoneA = "us-central1-a";
        public const string ZoneB = "us-central1-b";
        public const string ZoneC = "us-central1-c";
        public const string Token = "test-token-5f3c2a9e8d7b";

        protected GceEmulatorHost Emulator = null!;
        protected readonly ConcurrentQueue<TimeSpan> Delays = new ConcurrentQueue<TimeSpan>();
        protected readonly ConcurrentQueue<string> LogLines = new ConcurrentQueue<string>();
        private readonly List<GceClient> _clients = new List<GceClient>();

        protected virtual EmulatorOptions CreateOptions() => new EmulatorOptions { AccessTokens = { Token } };

        public virtual async Task InitializeAsync() => Emulator = await GceEmulatorHost.StartAsync(CreateOptions());

        public virtual async Task DisposeAsync()
        {
            foreach (var c in _clients) c.Dispose();
            await Emulator.DisposeAsync();
        }

        protected EmulatorState State => Emulator.State;

        protected GceClientOptions Options(int maxAttempts = 5)
        {
            var retry = new GceRetryPolicy
            {
                MaxAttempts = maxAttempts,
                Delay = (d, ct) =>
                {
                    Delays.Enqueue(d);
                    ct.ThrowIfCancellationRequested();
                    return Task.CompletedTask;
                },
                Random = () => 0.5,
            };
            return new GceClientOptions
            {
                Endpoint = new Uri(Emulator.ComputeEndpoint),
                Retry = retry,
                PollInterval = TimeSpan.FromMilliseconds(1),
                RequestTimeout = TimeSpan.FromSeconds(10),
                Log = LogLines.Enqueue,
            };
        }

        protected GceClient Client(int maxAttempts = 5, IGceAccessTokenSource? tokens = null, GceClientOptions? options = null)
        {
            var c = new GceClient(tokens ?? GceAuth.FixedToken(Token), options ?? Options(maxAttempts));
            _clients.Add(c);
            return c;
        }

        protected static InstanceSpec Spec(string name = "b1", bool spot = true, int dataDisk = 50) => new InstanceSpec
        {
            Name = name,
            MachineType = "e2-standard-4",
            Spot = spot,
            BootDiskSizeGb = 20,
            DataDiskSizeGb = dataDisk,
            NetworkTags = { "containarium", "allow-ssh" },
            Labels = { ["team"] = "platform" },
            UserName = "ctradmin",
            SshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHkzT0d6bG9vcGJhY2tvbmx5dGVzdGtleTAwMDAwMDAw admin@laptop",
        };

        /// <summary>Inserts, waits for the operation and returns the instance.</summary>
        protected async Task<GceInstance> CreateAsync(GceClient client, InstanceSpec spec, string zone = ZoneA)
        {
            var op = await client.InsertInstanceAsync(Project, zone, InstanceBodyBuilder.Build(spec, zone));
            await client.WaitForOperationAsync(Project, zone, op, TimeSpan.FromSeconds(10));
            return await client.GetInstanceAsync(Project, zone, spec.Name);
        }

        protected static void AssertNoToken(Exception e, string token = Token)
        {
            Assert.DoesNotContain(token, e.Message);
            Assert.DoesNotContain(token, e.ToString());
        }
    }
}
