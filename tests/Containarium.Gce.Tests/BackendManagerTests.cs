using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Gce;
using Containarium.Core.Incus;
using Xunit;

namespace Containarium.Gce.Tests
{
    /// <summary>GceBackendManager against the emulator, with a scripted probe in place of SSH and Incus.</summary>
    public class BackendManagerTests : EmulatorTestBase
    {
        private string _dir = "";
        private BackendInventory _inventory = null!;
        private readonly Queue<Func<BackendDefinition, BackendStatus>> _answers = new Queue<Func<BackendDefinition, BackendStatus>>();
        private readonly List<BackendDefinition> _probed = new List<BackendDefinition>();

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            _dir = Path.Combine(Path.GetTempPath(), "ctr-gce-mgr-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
            _inventory = new BackendInventory(new ConfigStore(Path.Combine(_dir, "config.json")));
        }

        public override async Task DisposeAsync()
        {
            Directory.Delete(_dir, true);
            await base.DisposeAsync();
        }

        private static BackendStatus Online(BackendDefinition b, int boxes = 0) =>
            new BackendStatus(b, BackendState.Online, new HostInfo { ServerVersion = "6.0.4", Containers = boxes }, null, TimeSpan.Zero);

        private static BackendStatus Down(BackendDefinition b) =>
            new BackendStatus(b, BackendState.Unreachable, null, new InvalidOperationException("connection refused"), TimeSpan.Zero);

        private GceBackendManager Manager() => new GceBackendManager(Client(), _inventory, (b, ct) =>
        {
            _probed.Add(b.Clone());
            var answer = _answers.Count > 0 ? _answers.Dequeue() : (d => Online(d));
            return Task.FromResult(answer(b));
        })
        {
            Delay = (d, ct) => Task.CompletedTask,
            OperationTimeout = TimeSpan.FromSeconds(10),
            ReadyTimeout = TimeSpan.FromSeconds(2),
        };

        private NewGceBackendRequest Request(params string[] zones) => new NewGceBackendRequest
        {
            Project = Project,
            Zones = zones.Length == 0 ? new[] { ZoneA } : zones,
            Spec = Spec("gb1"),
            KeyFile = "/keys/id_ed25519",
            Port = 2201,
        };

        [Fact]
        public async Task Create_waits_until_incus_answers_then_registers_with_the_gce_identity()
        {
            _answers.Enqueue(Down);
            _answers.Enqueue(Down);
            var (definition, status, vm) = await Manager().CreateAsync("gb1", Request(ZoneA, ZoneB), CancellationToken.None);
            Assert.Equal(BackendState.Online, status.State);
            Assert.Equal(3, _probed.Count);
            var saved = _inventory.Get("gb1");
            Assert.Equal(vm.Instance.ExternalIp, saved.HostName);
            Assert.Equal(2201, saved.Port);
            Assert.Equal("ctradmin", saved.UserName);
            Assert.Equal(Project, saved.Gce!.Project);
            Assert.Equal(ZoneA, saved.Gce.Zone);
            Assert.Equal("gb1", saved.Gce.Instance);
        }

        [Fact]
        public async Task Create_that_never_answers_times_out_and_registers_nothing()
        {
            for (var i = 0; i < 1000; i++) _answers.Enqueue(Down);
            var manager = Manager();
            manager.ReadyTimeout = TimeSpan.FromMilliseconds(200);
            manager.Delay = (d, ct) => Task.Delay(10, ct);
            var e = await Assert.ThrowsAsync<TimeoutException>(() => manager.CreateAsync("gb1", Request(), CancellationToken.None));
            Assert.Contains("connection refused", e.Message);
            Assert.Empty(_inventory.List());
        }

        [Fact]
        public async Task Create_refuses_a_registered_name_before_any_request()
        {
            _inventory.Register(new BackendDefinition { Name = "gb1", HostName = "10.0.0.1", UserName = "x", KeyFile = "/k" }, false);
            await Assert.ThrowsAsync<InvalidOperationException>(() => Manager().CreateAsync("gb1", Request(), CancellationToken.None));
            Assert.Empty(State.Requests);
        }

        [Fact]
        public async Task Private_backends_are_reached_by_their_internal_address()
        {
            var request = Request();
            request.Spec.NoExternalIp = true;
            request.JumpHosts = new[] { "admin@bastion.example.com" };
            var (definition, _, vm) = await Manager().CreateAsync("gb1", request, CancellationToken.None);
            Assert.Equal(vm.Instance.InternalIp, definition.HostName);
            Assert.Null(vm.Instance.ExternalIp);
            Assert.Equal(new[] { "admin@bastion.example.com" }, definition.JumpHosts);
        }

        [Fact]
        public async Task Start_follows_a_changed_address_and_waits_for_the_boxes()
        {
            var manager = Manager();
            var (definition, _, _) = await manager.CreateAsync("gb1", Request(), CancellationToken.None);
            State.Preempt(Project, ZoneA, "gb1");
            await Client().WaitForStatusAsync(Project, ZoneA, "gb1", GceInstanceStatus.Terminated, TimeSpan.FromSeconds(5));
            State.MapBackend(new Containarium.GceEmulator.BackendMapping { Instance = "gb1", Host = "127.0.0.9", SshPort = 2201 });

            var pending = new Queue<IReadOnlyList<string>>(new[] { (IReadOnlyList<string>)new[] { "alice" }, new[] { "alice" }, Array.Empty<string>() });
            manager.PendingBoxes = (b, ct) => Task.FromResult(pending.Dequeue());
            var progress = new List<string>();
            manager.Progress = progress.Add;
            var (started, status) = await manager.StartAsync(definition, CancellationToken.None);

            Assert.Equal("127.0.0.9", started.HostName);
            Assert.Equal("127.0.0.9", _inventory.Get("gb1").HostName);
            Assert.Equal("127.0.0.9", _probed.Last().HostName);
            Assert.Empty(pending);
            Assert.Contains(progress, l => l.Contains("alice"));
            Assert.Equal(GceInstanceStatus.Running, (await manager.GetStateAsync(started, CancellationToken.None)).Status);
        }

        [Fact]
        public async Task Start_reports_boxes_that_do_not_come_back()
        {
            var manager = Manager();
            var (definition, _, _) = await manager.CreateAsync("gb1", Request(), CancellationToken.None);
            await manager.StopAsync(definition, CancellationToken.None);
            manager.ReadyTimeout = TimeSpan.FromMilliseconds(100);
            manager.Delay = (d, ct) => Task.Delay(10, ct);
            manager.PendingBoxes = (b, ct) => Task.FromResult((IReadOnlyList<string>)new[] { "bob" });
            var e = await Assert.ThrowsAsync<TimeoutException>(() => manager.StartAsync(definition, CancellationToken.None));
            Assert.Contains("bob", e.Message);
        }

        [Fact]
        public async Task Count_boxes_is_null_when_the_host_cannot_be_asked()
        {
            var manager = Manager();
            var (definition, _, _) = await manager.CreateAsync("gb1", Request(), CancellationToken.None);
            _answers.Enqueue(b => Online(b, boxes: 3));
            Assert.Equal(3, (await manager.CountBoxesAsync(definition, CancellationToken.None)).Boxes);
            _answers.Enqueue(Down);
            var (boxes, why) = await manager.CountBoxesAsync(definition, CancellationToken.None);
            Assert.Null(boxes);
            Assert.Contains("connection refused", why);
        }

        [Fact]
        public async Task Delete_removes_the_vm_and_its_data_disk_and_tolerates_a_vm_already_gone()
        {
            var manager = Manager();
            var (definition, _, _) = await manager.CreateAsync("gb1", Request(), CancellationToken.None);
            var deleted = await manager.DeleteVmAsync(definition, CancellationToken.None);
            Assert.Equal(new[] { "gb1", "gb1-incus-data" }, deleted);
            Assert.Empty(State.DiskNames(Project, ZoneA));
            Assert.Empty(await manager.DeleteVmAsync(definition, CancellationToken.None));
        }

        [Fact]
        public async Task Backends_without_a_vm_are_refused()
        {
            var plain = new BackendDefinition { Name = "b9", HostName = "10.0.0.9", UserName = "x", KeyFile = "/k" };
            await Assert.ThrowsAsync<InvalidOperationException>(() => Manager().StartAsync(plain, CancellationToken.None));
            await Assert.ThrowsAsync<InvalidOperationException>(() => Manager().StopAsync(plain, CancellationToken.None));
            await Assert.ThrowsAsync<InvalidOperationException>(() => Manager().DeleteVmAsync(plain, CancellationToken.None));
        }

        [Theory]
        [InlineData("true", null, true)]
        [InlineData("false", "RUNNING", false)]
        [InlineData(null, "RUNNING", true)]
        [InlineData(null, "STOPPED", false)]
        [InlineData(null, null, false)]
        public void Autostart_rule(string? autostart, string? lastPower, bool expected) =>
            Assert.Equal(expected, Autostart.ShouldRun(autostart, lastPower));
    }
}
