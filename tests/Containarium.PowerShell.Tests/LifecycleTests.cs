using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Containarium.PowerShell.Tests
{
    /// <summary>
    /// Box lifecycle against the lab, checked in Incus itself and with real SSH logins: Start/Stop/Restart, Set limits,
    /// team and keys, Remove (instance and host account), -WhatIf, bad input, name lookup and tab completion.
    /// </summary>
    public sealed class LifecycleTests : LabTest
    {
        public LifecycleTests() : base("l") { }

        private string Pub(string key) => File.ReadAllText(key + ".pub").Trim();

        private (string Name, string User, Lab.Host Backend, int Port, string Key) NewBox(string suffix, string backend = "b1")
        {
            var user = _run + suffix;
            var key = LabBoxes.NewKey(_keyDir, user);
            var r = _ps.Run($"New-CtrContainer -UserName {user} -SshPublicKey '{Pub(key)}' -Backend {backend} -Memory 256MiB -Disk 2GiB");
            Assert.Empty(r.Errors.Select(e => e.ToString()));
            var box = Assert.Single(r.Output);
            return ((string)box.Properties["Name"].Value, user, _lab.Backend(backend), (int)box.Properties["SshPort"].Value, key);
        }

        private string IncusState(Lab.Host backend, string name) => LabBoxes.Incus(backend, $"list {name} -c s --format csv");

        private static ErrorRecord FailureOf(ModuleSession.Result r) =>
            r.Terminating is IContainsErrorRecord t ? t.ErrorRecord : Assert.Single(r.Errors);

        [Fact]
        public void Stop_start_and_restart_change_the_state_in_Incus_and_WhatIf_changes_nothing()
        {
            var box = NewBox("st");
            Assert.Equal("RUNNING", IncusState(box.Backend, box.Name));

            var whatIf = _ps.Run($"Stop-CtrContainer {box.Name} -WhatIf");
            Assert.Empty(whatIf.Errors);
            Assert.Equal("RUNNING", IncusState(box.Backend, box.Name));

            // Piped as Get-CtrContainer writes it (Name + Backend by property name).
            var stopped = _ps.Run($"Get-CtrContainer -Name {box.Name} | Stop-CtrContainer -Force -PassThru");
            Assert.Empty(stopped.Errors);
            Assert.Equal("Stopped", Assert.Single(stopped.Output).Properties["State"].Value);
            Assert.Equal("STOPPED", IncusState(box.Backend, box.Name));

            var started = _ps.Run($"Start-CtrContainer {box.Name} -Backend {box.Backend.Name} -PassThru");
            Assert.Empty(started.Errors);
            Assert.Equal("Running", Assert.Single(started.Output).Properties["State"].Value);
            Assert.Equal("RUNNING", IncusState(box.Backend, box.Name));

            var pidBefore = LabBoxes.Incus(box.Backend, $"query /1.0/instances/{box.Name}/state");
            var restarted = _ps.Run($"Restart-CtrContainer {box.Name} -Force");
            Assert.Empty(restarted.Errors);
            Assert.Empty(restarted.Output); // no -PassThru
            var pidAfter = LabBoxes.Incus(box.Backend, $"query /1.0/instances/{box.Name}/state");
            Assert.Equal("RUNNING", IncusState(box.Backend, box.Name));
            Assert.NotEqual(Pid(pidBefore), Pid(pidAfter));
        }

        private static long Pid(string stateJson) =>
            System.Text.Json.JsonDocument.Parse(stateJson).RootElement.GetProperty("pid").GetInt64();

        [Fact]
        public void Set_changes_limits_and_team_in_the_instance_config_and_bad_values_change_nothing()
        {
            var box = NewBox("set");
            var configBefore = LabBoxes.Incus(box.Backend, $"config show {box.Name}");
            foreach (var bad in new[] { "-Cpu 2 -Memory lots", "-Disk 10%", "-Cpu 0.5", "-Team 'a b'", "-AddSshPublicKey 'ssh-ed25519 AAAAplaceholder'", "-RemoveSshPublicKey SHA256:short" })
            {
                var r = _ps.Run($"Set-CtrContainer {box.Name} {bad}");
                var e = FailureOf(r);
                Assert.StartsWith("CtrInvalidBoxChange", e.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            }
            Assert.Equal(configBefore, LabBoxes.Incus(box.Backend, $"config show {box.Name}"));

            var whatIf = _ps.Run($"Set-CtrContainer {box.Name} -Cpu 1 -Memory 768MiB -WhatIf");
            Assert.Empty(whatIf.Errors);
            Assert.Equal(configBefore, LabBoxes.Incus(box.Backend, $"config show {box.Name}"));

            var set = _ps.Run($"Set-CtrContainer {box.Name} -Cpu 1 -Memory 768MiB -Disk 3GiB -Team {_run}qa -PassThru");
            Assert.Empty(set.Errors.Select(e => e.ToString()));
            var after = Assert.Single(set.Output);
            Assert.Equal("768MiB", after.Properties["Memory"].Value);
            Assert.Equal("1", LabBoxes.Incus(box.Backend, $"config get {box.Name} limits.cpu"));
            Assert.Equal("768MiB", LabBoxes.Incus(box.Backend, $"config get {box.Name} limits.memory"));
            Assert.Equal("3GiB", LabBoxes.Incus(box.Backend, $"config device get {box.Name} root size"));
            Assert.Equal(_run + "qa", LabBoxes.Incus(box.Backend, $"config get {box.Name} user.containarium.team"));

            var cleared = _ps.Run($"Set-CtrContainer {box.Name} -Team ''");
            Assert.Empty(cleared.Errors);
            Assert.Equal("", LabBoxes.Incus(box.Backend, $"config get {box.Name} user.containarium.team"));
        }

        [Fact]
        public void Added_key_logs_in_removed_key_is_refused_and_the_last_key_cannot_be_removed()
        {
            var box = NewBox("key");
            var second = LabBoxes.NewKey(_keyDir, box.User + "b");
            Assert.NotEqual(0, Exit(box, second));

            var add = _ps.Run($"Set-CtrContainer {box.Name} -AddSshPublicKey '{Pub(second)}' -PassThru");
            Assert.Empty(add.Errors.Select(e => e.ToString()));
            Assert.Equal(2, ((string[])Assert.Single(add.Output).Properties["KeyFingerprint"].Value).Length);
            Assert.Equal(0, Exit(box, second));
            Assert.Equal(0, Exit(box, box.Key));

            // Remove the original key by its fingerprint, as ssh-keygen -l prints it.
            var fingerprint = LabBoxes.Sh($"ssh-keygen -l -f '{box.Key}.pub'").Split(' ')[1];
            var remove = _ps.Run($"Set-CtrContainer {box.Name} -RemoveSshPublicKey '{fingerprint}'");
            Assert.Empty(remove.Errors.Select(e => e.ToString()));
            Assert.NotEqual(0, Exit(box, box.Key));
            Assert.Equal(0, Exit(box, second));

            // Removing a key the box no longer has, or its last key, is refused and changes nothing.
            var again = _ps.Run($"Set-CtrContainer {box.Name} -RemoveSshPublicKey '{fingerprint}'");
            Assert.StartsWith("CtrSshKeyNotFound", Assert.Single(again.Errors).FullyQualifiedErrorId);
            var last = _ps.Run($"Set-CtrContainer {box.Name} -RemoveSshPublicKey '{Pub(second)}'");
            var e = Assert.Single(last.Errors);
            Assert.StartsWith("CtrLastSshKey", e.FullyQualifiedErrorId);
            Assert.Equal("CtrContainer", e.TargetObject.GetType().Name);
            Assert.Equal(box.Name, PSObject.AsPSObject(e.TargetObject).Properties["Name"].Value);
            Assert.Equal(0, Exit(box, second));
        }

        private int Exit((string Name, string User, Lab.Host Backend, int Port, string Key) box, string key)
        {
            var output = LabBoxes.SshIntoBox(box.Backend, box.User, box.Port, key, "whoami", out var exit);
            if (exit == 0) Assert.Equal(box.User, output.Trim());
            return exit;
        }

        [Fact]
        public void Remove_deletes_the_instance_and_the_host_account_and_WhatIf_lists_it_without_change()
        {
            var box = NewBox("rm", "b2");
            Assert.Contains(box.User + ":", LabBoxes.Sh($"getent passwd {box.User}"));

            var whatIf = _ps.Run($"Get-CtrContainer -Name {box.Name} | Remove-CtrContainer -WhatIf");
            Assert.Empty(whatIf.Errors);
            Assert.Equal("RUNNING", IncusState(box.Backend, box.Name));
            Assert.Contains(box.User + ":", LabBoxes.Sh($"getent passwd {box.User}"));

            var removed = _ps.Run($"Get-CtrContainer -Name {box.Name} | Remove-CtrContainer -Confirm:$false");
            Assert.Empty(removed.Errors.Select(e => e.ToString()));
            Assert.Equal("", IncusState(box.Backend, box.Name));
            LabBoxes.Sh($"getent passwd {box.User}", out var exit);
            Assert.Equal(2, exit); // no such account
            Assert.Empty(_ps.Run($"Get-CtrContainer -Name {box.Name}").Output);
        }

        [Fact]
        public void Unknown_box_unknown_backend_bad_and_ambiguous_names_are_per_row_errors()
        {
            var dup = _run + "dup";
            foreach (var b in new[] { "b2", "b3" })
                LabBoxes.Incus(_lab.Backend(b), $"create {_lab.Image} {dup} -c user.containarium.owner={_run}x");

            var r = _ps.Run($"Stop-CtrContainer {_run}none, {dup}, 'bad name' -Force; Stop-CtrContainer {dup} -Backend nosuch");
            var ids = r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();
            Assert.Equal(new[] { "CtrContainerNotFound", "CtrContainerAmbiguous", "CtrInvalidArgument", "CtrBackendNotFound" }, ids);
            Assert.Contains("b2", r.Errors[1].Exception.Message);
            Assert.Contains("b3", r.Errors[1].Exception.Message);
            Assert.Equal("STOPPED", IncusState(_lab.Backend("b2"), dup));

            // With -Backend the name is not ambiguous.
            var removed = _ps.Run($"Remove-CtrContainer {dup} -Backend b3 -Confirm:$false");
            Assert.Empty(removed.Errors.Select(e => e.ToString()));
            Assert.Equal("", IncusState(_lab.Backend("b3"), dup));
            Assert.Equal("STOPPED", IncusState(_lab.Backend("b2"), dup));
        }

        [Fact]
        public void Box_names_complete_on_every_cmdlet_that_takes_one()
        {
            var dup = _run + "cmp";
            LabBoxes.Incus(_lab.Backend("b1"), $"create {_lab.Image} {dup} -c user.containarium.owner={_run}x");
            _ps.Run($"Get-CtrContainer -Backend b1 | Out-Null");
            foreach (var cmd in new[] { "Get-CtrContainer", "Start-CtrContainer", "Stop-CtrContainer", "Restart-CtrContainer", "Set-CtrContainer", "Remove-CtrContainer", "Get-CtrSshConfig" })
            {
                var line = $"{cmd} -Name {_run}c";
                var r = _ps.Run($"(TabExpansion2 -inputScript '{line}' -cursorColumn {line.Length}).CompletionMatches.CompletionText");
                Assert.Contains(dup, r.Output.Select(o => o.BaseObject as string));
            }
        }
    }
}
