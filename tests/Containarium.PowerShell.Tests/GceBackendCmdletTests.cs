using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Containarium.GceEmulator;
using Xunit;

namespace Containarium.PowerShell.Tests
{
    /// <summary>
    /// New-/Start-/Stop-/Remove-CtrBackend and Get-CtrBackend's GCE columns against the local Compute emulator,
    /// whose instances map to the lab's backends (SSH and Incus for real).
    /// </summary>
    public sealed class GceBackendCmdletTests : IAsyncLifetime
    {
        private const string Project = "ctr-test-project";
        private const string Token = "gce-cmdlet-token-8c1e77a2";
        private readonly Lab _lab = Lab.Instance;

        /// <summary>The lab backend the emulated VM "gb1" maps to (its SSH endpoint and Incus are real).</summary>
        private Lab.Host Target => _lab.Backend("b2");
        private ModuleSession _ps = null!;
        private GceEmulatorHost _emu = null!;

        public async Task InitializeAsync()
        {
            _emu = await GceEmulatorHost.StartAsync(new EmulatorOptions { AccessTokens = { Token } });
            var lab = Target;
            _emu.State.MapBackend(new BackendMapping { Instance = "gb1", Host = lab.HostName, SshPort = lab.Port });
            Environment.SetEnvironmentVariable("CONTAINARIUM_GCE_ENDPOINT", _emu.ComputeEndpoint);
            Environment.SetEnvironmentVariable("CONTAINARIUM_GCE_ACCESS_TOKEN", Token);
            _ps = new ModuleSession();
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            Environment.SetEnvironmentVariable("CONTAINARIUM_GCE_ENDPOINT", null);
            Environment.SetEnvironmentVariable("CONTAINARIUM_GCE_ACCESS_TOKEN", null);
            await _emu.DisposeAsync();
        }

        private string NewBackend(string name, string extra = "")
        {
            var lab = Target;
            return $"New-CtrBackend -Name {name} -Project {Project} -Zone us-central1-a,us-central1-b -Spot -DataDiskSizeGb 50 " +
                   $"-UserName {lab.User} -KeyFile '{lab.KeyFile}' -Port {lab.Port} -Tag containarium -Label @{{ team = 'platform' }} -TimeoutMinutes 1 {extra}";
        }

        [Fact]
        public void New_creates_the_vm_in_the_next_zone_waits_for_incus_and_registers_it()
        {
            _emu.State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "ZONE_RESOURCE_POOL_EXHAUSTED", Zone = "us-central1-a" });
            var r = _ps.Run(NewBackend("gb1"));
            Assert.Null(r.Terminating);
            Assert.Empty(r.Errors);
            var row = Assert.Single(r.Output);
            Assert.Equal("Online", row.Properties["State"].Value.ToString());
            Assert.Equal("us-central1-b", row.Properties["GceZone"].Value);
            Assert.Equal("RUNNING", row.Properties["GceStatus"].Value);
            Assert.Contains(r.Warnings, w => w.Contains("us-central1-a") && w.Contains("ZONE_RESOURCE_POOL_EXHAUSTED"));
            Assert.Contains(r.Warnings, w => w.Contains(Target.HostKeyFingerprint));

            var config = JsonNode.Parse(File.ReadAllText(_ps.ConfigPath))!;
            var saved = config["backends"]!.AsArray().Single()!;
            Assert.Equal("us-central1-b", (string?)saved["gce"]!["zone"]);
            Assert.Equal("gb1", (string?)saved["gce"]!["instance"]);
            Assert.Equal(Target.Port, (int)saved["port"]!);

            var body = JsonNode.Parse(_emu.State.Requests.Last(q => q.Method == "instances.insert").Body!)!;
            Assert.Equal("SPOT", (string?)body["scheduling"]!["provisioningModel"]);
            Assert.Equal("platform", (string?)body["labels"]!["team"]);
            Assert.Equal("gb1", (string?)body["labels"]!["containarium-backend"]);
        }

        [Fact]
        public void New_refuses_bad_input_and_a_taken_name_without_sending_anything()
        {
            var r = _ps.Run(NewBackend("Bad_Name"));
            Assert.Equal("CtrInvalidArgument", r.Errors.Single().FullyQualifiedErrorId.Split(',')[0]);
            r = _ps.Run(NewBackend("gb1").Replace("team = 'platform'", "'Bad Key' = 'x'"));
            Assert.Equal("CtrInvalidArgument", r.Errors.Single().FullyQualifiedErrorId.Split(',')[0]);
            r = _ps.Run(NewBackend("gb1").Replace(Target.KeyFile, "/nonexistent/key"));
            Assert.Equal("CtrKeyFileNotFound", r.Errors.Single().FullyQualifiedErrorId.Split(',')[0]);
            Assert.Empty(_emu.State.Requests);
            Assert.False(File.Exists(_ps.ConfigPath) && File.ReadAllText(_ps.ConfigPath).Contains("gb1"));
        }

        [Fact]
        public void New_when_every_zone_is_exhausted_registers_nothing()
        {
            _emu.State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "ZONE_RESOURCE_POOL_EXHAUSTED", Zone = "us-central1-a" });
            _emu.State.InjectFault(new FaultRule { Method = "instances.insert", Kind = "QUOTA_EXCEEDED", Zone = "us-central1-b" });
            var r = _ps.Run(NewBackend("gb1"));
            var e = Assert.Single(r.Errors);
            Assert.Equal("CtrGceQuotaExceeded,Containarium.PowerShell.Cmdlets.NewCtrBackendCommand", e.FullyQualifiedErrorId);
            Assert.Contains("us-central1-a", e.Exception.Message);
            Assert.DoesNotContain(Token, e.Exception.ToString());
            Assert.Empty(_ps.Run("Get-CtrBackend -NoStatus").Output);
        }

        [Fact]
        public void WhatIf_prints_the_exact_body_and_sends_nothing()
        {
            var script = $"$ErrorActionPreference='Stop'; Import-Module '{RepoRoot.ModulePath}'; {NewBackend("gb1", "-WhatIf")}";
            var psi = new ProcessStartInfo("dotnet", new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", script })
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepoRoot.Path,
            };
            psi.Environment["CONTAINARIUM_CONFIG"] = _ps.ConfigPath;
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEnd();
            var stderr = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(60000));
            Assert.True(p.ExitCode == 0, stderr);
            Assert.Contains("What if: Create Compute Engine instance 'gb1'", stdout);
            Assert.Contains("\"provisioningModel\": \"SPOT\"", stdout);
            Assert.Contains("\"key\": \"startup-script\"", stdout);
            Assert.Contains($"{_emu.ComputeEndpoint}projects/{Project}/zones/us-central1-a/instances", stdout);
            Assert.Contains("us-central1-b", stdout);
            Assert.Empty(_emu.State.Requests);
            Assert.False(File.Exists(_ps.ConfigPath));
        }

        [Fact]
        public void Runbook_restarts_preempted_backends_and_waits_for_incus()
        {
            Assert.Empty(_ps.Run(NewBackend("gb1")).Errors);
            Assert.True(_emu.State.Preempt(Project, "us-central1-a", "gb1"));
            _emu.State.InstanceStatus(Project, "us-central1-a", "gb1");

            var listed = _ps.Run("Get-CtrBackend gb1");
            var row = Assert.Single(listed.Output);
            Assert.True((bool)row.Properties["Preempted"].Value);

            var r = _ps.Run("Get-CtrBackend | Where-Object Preempted | Start-CtrBackend");
            Assert.Empty(r.Errors);
            var started = Assert.Single(r.Output);
            Assert.Equal("Online", started.Properties["State"].Value.ToString());
            Assert.Equal("RUNNING", _emu.State.InstanceStatus(Project, "us-central1-a", "gb1"));
            Assert.False((bool)Assert.Single(_ps.Run("Get-CtrBackend gb1").Output).Properties["Preempted"].Value);
        }

        [Fact]
        public void Stop_and_start_by_name()
        {
            Assert.Empty(_ps.Run(NewBackend("gb1")).Errors);
            var stopped = _ps.Run("Stop-CtrBackend gb1 -PassThru -Confirm:$false");
            Assert.Empty(stopped.Errors);
            Assert.Equal("TERMINATED", Assert.Single(stopped.Output).Properties["GceStatus"].Value);
            Assert.Equal("TERMINATED", _emu.State.InstanceStatus(Project, "us-central1-a", "gb1"));
            Assert.False((bool)Assert.Single(_ps.Run("Get-CtrBackend gb1").Output).Properties["Preempted"].Value);
            Assert.Empty(_ps.Run("Start-CtrBackend gb1").Errors);
            Assert.Equal("RUNNING", _emu.State.InstanceStatus(Project, "us-central1-a", "gb1"));
        }

        [Fact]
        public void Start_refuses_a_backend_without_a_vm()
        {
            Assert.Empty(_ps.Register(_lab.Backend("b3"), "-NoConnect").Errors);
            var r = _ps.Run("Start-CtrBackend b3");
            Assert.Equal("CtrNotGceBackend", r.Errors.Single().FullyQualifiedErrorId.Split(',')[0]);
            Assert.Empty(_emu.State.Requests);
        }

        [Fact]
        public void Remove_refuses_when_boxes_cannot_be_counted_and_force_deletes_vm_disks_and_registration()
        {
            Assert.Empty(_ps.Run(NewBackend("gb1")).Errors);
            var config = JsonNode.Parse(File.ReadAllText(_ps.ConfigPath))!;
            config["backends"]![0]!["port"] = 1; // the host stops answering: its boxes cannot be counted
            File.WriteAllText(_ps.ConfigPath, config.ToJsonString());
            var refused = _ps.Run("Remove-CtrBackend gb1 -Confirm:$false");
            Assert.Equal("CtrBackendNotEmpty", refused.Errors.Single().FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal("RUNNING", _emu.State.InstanceStatus(Project, "us-central1-a", "gb1"));

            var removed = _ps.Run("Remove-CtrBackend gb1 -Force -Confirm:$false -PassThru");
            Assert.Empty(removed.Errors);
            Assert.Null(_emu.State.InstanceStatus(Project, "us-central1-a", "gb1"));
            Assert.DoesNotContain("gb1", _emu.State.DiskNames(Project, "us-central1-a"));
            Assert.DoesNotContain("gb1-incus-data", _emu.State.DiskNames(Project, "us-central1-a"));
            Assert.Empty(_ps.Run("Get-CtrBackend -NoStatus").Output);
        }

        [Fact]
        public void A_service_account_json_works_through_the_module()
        {
            Environment.SetEnvironmentVariable("CONTAINARIUM_GCE_ACCESS_TOKEN", null);
            using var key = RSA.Create(2048);
            const string email = "ctr@ctr-test-project.iam.gserviceaccount.com";
            _emu.State.RegisterServiceAccount(email, key);
            var file = Path.Combine(_ps.StateDirectory, "sa.json");
            File.WriteAllText(file, new JsonObject
            {
                ["type"] = "service_account",
                ["project_id"] = Project,
                ["private_key_id"] = "abc123",
                ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
                ["client_email"] = email,
                ["client_id"] = "1",
                ["token_uri"] = _emu.TokenUrl,
            }.ToJsonString());
            var r = _ps.Run(NewBackend("gb1", $"-CredentialFile '{file}'"));
            Assert.Empty(r.Errors);
            Assert.All(_emu.State.Requests, q => Assert.True(q.Authorized));
        }
    }
}
