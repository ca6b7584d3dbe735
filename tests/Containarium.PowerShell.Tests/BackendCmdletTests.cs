using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace Containarium.PowerShell.Tests
{
    public sealed class BackendCmdletTests : IDisposable
    {
        private readonly ModuleSession _ps = new ModuleSession();
        private readonly Lab _lab = Lab.Instance;

        public void Dispose() => _ps.Dispose();

        [Fact]
        public void Register_records_host_key_on_first_contact_and_shows_its_fingerprint()
        {
            var b1 = _lab.Backend("b1");
            var r = _ps.Register(b1);
            Assert.Null(r.Terminating);
            Assert.Empty(r.Errors);
            var row = Assert.Single(r.Output);
            Assert.Equal("Online", row.Properties["State"].Value.ToString());
            Assert.Equal(b1.HostKeyFingerprint, row.Properties["HostKeyFingerprint"].Value);
            Assert.Contains(r.Warnings, w => w.Contains(b1.HostKeyFingerprint) && w.Contains("2201"));
            var knownHosts = File.ReadAllText(_ps.KnownHostsPath);
            Assert.Contains("[127.0.0.1]:2201 ssh-ed25519 ", knownHosts);
        }

        [Fact]
        public void Get_lists_every_backend_online_with_live_figures_from_incus()
        {
            foreach (var b in _lab.Backends) Assert.Empty(_ps.Register(b).Errors);
            var r = _ps.Run("Get-CtrBackend");
            Assert.Empty(r.Errors);
            Assert.Equal(_lab.Backends.Select(b => b.Name), r.Output.Values("Name").Cast<string>());
            foreach (var row in r.Output)
            {
                Assert.Equal("Online", row.Properties["State"].Value.ToString());
                Assert.StartsWith("6.", (string)row.Properties["IncusVersion"].Value);
                Assert.True((int)row.Properties["Cpu"].Value > 0);
                Assert.True((long)row.Properties["MemoryTotal"].Value > 0);
                Assert.True((long)row.Properties["DiskTotal"].Value > 0);
                Assert.Equal("btrfs", row.Properties["StorageDriver"].Value);
                Assert.IsType<int>(row.Properties["Containers"].Value);
            }
            Assert.Equal("Containarium.CtrBackend", r.Output[0].BaseObject.GetType().FullName);
        }

        [Fact]
        public void Get_filters_by_wildcard_and_reports_an_unknown_literal_name()
        {
            foreach (var b in _lab.Backends.Take(2)) _ps.Register(b, "-NoConnect");
            var r = _ps.Run("Get-CtrBackend -Name 'b*' -NoStatus; Get-CtrBackend -Name nosuch -NoStatus");
            Assert.Equal(new[] { "b1", "b2" }, r.Output.Values("Name").Cast<string>());
            var e = Assert.Single(r.Errors);
            Assert.Equal("CtrBackendNotFound,Containarium.PowerShell.Cmdlets.GetCtrBackendCommand", e.FullyQualifiedErrorId);
            Assert.Equal("nosuch", e.TargetObject);
        }

        [Fact]
        public void Backend_behind_a_jump_host_is_online_and_unreachable_with_the_jump_named_when_the_jump_stops()
        {
            var b1 = _lab.Backend("b1");
            var b2 = _lab.Backend("b2");
            var jump = _lab.Jump;
            _ps.Register(b1);
            var r = _ps.Register(b2, $"-JumpHost '{jump.User}@{jump.HostName}:{jump.Port}'");
            Assert.Empty(r.Errors);
            Assert.Equal(new[] { $"{jump.User}@{jump.HostName}:{jump.Port}" }, (string[])r.Output[0].Properties["JumpHost"].Value);
            Assert.Equal("Online", r.Output[0].Properties["State"].Value.ToString());
            Assert.Contains(r.Warnings, w => w.Contains(jump.HostKeyFingerprint));

            Lab.Script("sshd.sh", "stop", "jump");
            try
            {
                // Removing the module closes its pooled connections, so the next call must dial through the jump again.
                _ps.Run("Remove-Module Containarium");
                _ps.Run($"Import-Module '{RepoRoot.ModulePath}'");
                var clock = Stopwatch.StartNew();
                var status = _ps.Run("Get-CtrBackend");
                clock.Stop();
                var rows = status.Output.ToDictionary(o => (string)o.Properties["Name"].Value, o => o.Properties["State"].Value.ToString());
                Assert.Equal("Online", rows["b1"]);
                Assert.Equal("Unreachable", rows["b2"]);
                var error = Assert.Single(status.Errors);
                Assert.StartsWith("CtrBackendUnreachable", error.FullyQualifiedErrorId);
                Assert.Equal("b2", error.TargetObject);
                Assert.Contains($"{jump.HostName}:{jump.Port}", error.Exception.Message);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
            }
            finally
            {
                Lab.Script("sshd.sh", "start", "jump");
            }
        }

        [Fact]
        public void Pinned_fingerprint_that_matches_is_accepted()
        {
            var b1 = _lab.Backend("b1");
            var r = _ps.Register(b1, $"-HostKeyFingerprint '{b1.HostKeyFingerprint}'");
            Assert.Empty(r.Errors);
            Assert.Equal(b1.HostKeyFingerprint, r.Output[0].Properties["HostKeyFingerprint"].Value);
        }

        [Fact]
        public void Pinned_fingerprint_that_differs_is_refused_with_both_fingerprints_and_nothing_registered()
        {
            var b1 = _lab.Backend("b1");
            var wrong = "SHA256:" + new string('A', 43);
            var r = _ps.Register(b1, $"-HostKeyFingerprint '{wrong}'");
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("CtrHostKeyMismatch", e.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.SecurityError, e.CategoryInfo.Category);
            Assert.Contains(wrong, e.Exception.Message);
            Assert.Contains(b1.HostKeyFingerprint, e.Exception.Message);
            Assert.Empty(_ps.Run("Get-CtrBackend -NoStatus").Output);
        }

        [Fact]
        public void Host_key_that_changed_since_it_was_recorded_is_refused()
        {
            var b1 = _lab.Backend("b1");
            // A recorded key for [127.0.0.1]:2201 that is not the server's (the jump's key stands in for "the old key").
            var jumpKey = File.ReadAllText(Path.Combine(Lab.Directory, "jump", "ssh_host_ed25519_key.pub")).Split(' ');
            File.WriteAllText(_ps.KnownHostsPath, $"[{b1.HostName}]:{b1.Port} {jumpKey[0]} {jumpKey[1]}\n");
            var r = _ps.Register(b1);
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("CtrHostKeyMismatch", e.FullyQualifiedErrorId);
            Assert.Contains(b1.HostKeyFingerprint, e.Exception.Message);
            Assert.Contains(_lab.Jump.HostKeyFingerprint, e.Exception.Message);
            Assert.False(File.Exists(_ps.ConfigPath) && File.ReadAllText(_ps.ConfigPath).Contains("\"b1\""));
        }

        [Fact]
        public void Connection_is_reused_across_cmdlet_calls()
        {
            foreach (var b in _lab.Backends) _ps.Register(b);
            var before = _ps.Run("[Containarium.Diagnostics]::SshHandshakes").Output.Single().BaseObject;
            _ps.Run("Get-CtrBackend; Get-CtrBackend; Test-CtrBackend");
            var after = _ps.Run("[Containarium.Diagnostics]::SshHandshakes").Output.Single().BaseObject;
            Assert.Equal(before, after);
        }

        [Fact]
        public void Set_cordons_and_WhatIf_changes_nothing()
        {
            _ps.Register(_lab.Backend("b1"), "-NoConnect");
            var whatIf = _ps.Run("Set-CtrBackend b1 -Cordon -MaxContainers 7 -WhatIf");
            Assert.Empty(whatIf.Errors);
            var unchanged = _ps.Run("Get-CtrBackend b1 -NoStatus").Output.Single();
            Assert.False((bool)unchanged.Properties["Cordoned"].Value);
            var r = _ps.Run("Set-CtrBackend b1 -Cordon -MaxContainers 7 -AddTag team-a -PassThru");
            Assert.True((bool)r.Output.Single().Properties["Cordoned"].Value);
            var stored = _ps.Run("Get-CtrBackend b1 -NoStatus").Output.Single();
            Assert.True((bool)stored.Properties["Cordoned"].Value);
            Assert.Equal(7, stored.Properties["MaxContainers"].Value);
            Assert.Equal(new[] { "team-a" }, (string[])stored.Properties["Tag"].Value);
            _ps.Run("Set-CtrBackend b1 -Uncordon");
            Assert.False((bool)_ps.Run("Get-CtrBackend b1 -NoStatus").Output.Single().Properties["Cordoned"].Value);
        }

        [Fact]
        public void Unregister_removes_the_backend_and_its_recorded_host_key()
        {
            var b1 = _lab.Backend("b1");
            _ps.Register(b1);
            Assert.Contains("[127.0.0.1]:2201", File.ReadAllText(_ps.KnownHostsPath));
            var r = _ps.Run("Unregister-CtrBackend b1 -Confirm:$false");
            Assert.Empty(r.Errors);
            Assert.Empty(_ps.Run("Get-CtrBackend -NoStatus").Output);
            Assert.DoesNotContain("[127.0.0.1]:2201", File.ReadAllText(_ps.KnownHostsPath));
        }

        [Fact]
        public void Local_transport_talks_to_incus_without_ssh()
        {
            var b1 = _lab.Backend("b1");
            var r = _ps.Run($"Register-CtrBackend -Name here -Local -IncusDirectory '{b1.IncusDir}'");
            Assert.Empty(r.Errors);
            var row = r.Output.Single();
            Assert.Equal("Online", row.Properties["State"].Value.ToString());
            Assert.Equal("Local", row.Properties["Transport"].Value);
            Assert.Equal("btrfs", row.Properties["StorageDriver"].Value);
        }

        [Fact]
        public void Test_reports_one_row_per_check_and_all_pass_on_a_lab_backend()
        {
            _ps.Register(_lab.Backend("b1"));
            var r = _ps.Run("Test-CtrBackend b1");
            Assert.Empty(r.Errors);
            var checks = r.Output.ToDictionary(o => (string)o.Properties["Check"].Value, o => (string)o.Properties["Result"].Value);
            Assert.Equal(new[] { "Reach", "HostKey", "Authentication", "IncusApi", "StoragePool", "DefaultProfile", "Image", "FreeDisk", "Sudo" }, checks.Keys);
            Assert.All(checks, kv => Assert.Equal("Pass", kv.Value));
            Assert.True((bool)_ps.Run("Test-CtrBackend b1 -Quiet").Output.Single().BaseObject);
        }

        [Fact]
        public void Test_reports_reach_failure_and_skips_the_rest_when_the_host_is_down()
        {
            var b3 = _lab.Backend("b3");
            _ps.Run($"Register-CtrBackend -Name dead -HostName 127.0.0.1 -Port 1 -UserName {b3.User} -KeyFile '{b3.KeyFile}' -NoConnect");
            var r = _ps.Run("Test-CtrBackend dead");
            var rows = r.Output.Select(o => ((string)o.Properties["Check"].Value, (string)o.Properties["Result"].Value)).ToList();
            Assert.Equal(("Reach", "Fail"), rows[0]);
            Assert.All(rows.Skip(1), x => Assert.Equal("Skip", x.Item2));
            Assert.False((bool)_ps.Run("Test-CtrBackend dead -Quiet").Output.Single().BaseObject);
        }
    }
}
