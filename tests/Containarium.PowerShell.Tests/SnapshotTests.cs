using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Containarium.PowerShell.Tests
{
    /// <summary>One lab box shared by the snapshot tests (creating a box is the slow part).</summary>
    public sealed class SnapshotBox : IDisposable
    {
        public readonly ModuleSession Ps = new ModuleSession();
        public readonly Lab.Host Host;
        public readonly string Run = "s" + Guid.NewGuid().ToString("N").Substring(0, 5);
        public readonly string Box;

        public SnapshotBox()
        {
            foreach (var b in Lab.Instance.Backends) Ps.Register(b);
            var key = Path.Combine(Ps.StateDirectory, "key");
            Sh($"ssh-keygen -q -t ed25519 -N '' -C {Run}@test -f '{key}'");
            var r = Ps.Run($"New-CtrContainer -UserName {Run}u -SshPublicKey '{File.ReadAllText(key + ".pub").Trim()}' -AutoPlace -Cpu 1 -Memory 256MiB -Disk 2GiB");
            if (r.Errors.Count > 0 || r.Output.Count != 1) throw new InvalidOperationException("Creating the test box failed: " + string.Join("; ", r.Errors));
            Box = (string)r.Output[0].Properties["Name"].Value;
            Host = Lab.Instance.Backend((string)r.Output[0].Properties["Backend"].Value);
        }

        /// <summary>Runs a command in the box through the host's own incus (not through the module under test).</summary>
        public string InBox(string script) => Sh($"INCUS_DIR='{Host.IncusDir}' incus exec -n {Box} -- sh -c '{script}'").Trim();

        /// <summary>The box's snapshot names as the host lists them.</summary>
        public string[] HostSnapshots() =>
            Sh($"INCUS_DIR='{Host.IncusDir}' incus query '/1.0/instances/{Box}/snapshots' </dev/null")
                .Split('"').Where(s => s.StartsWith("/1.0/", StringComparison.Ordinal)).Select(s => s.Substring(s.LastIndexOf('/') + 1)).OrderBy(s => s).ToArray();

        public static string Sh(string script) => Shell.Run(script);

        public void Dispose()
        {
            Sh($"INCUS_DIR='{Host.IncusDir}' incus delete -f {Box} </dev/null; " +
               $"for u in $(getent passwd | cut -d: -f1 | grep '^{Run}'); do pkill -KILL -u \"$u\" || true; userdel -r \"$u\" 2>/dev/null || true; done");
            Ps.Dispose();
        }
    }

    /// <summary>Checkpoint/Get/Restore/Remove against a real lab box: data comes back, bad input changes nothing.</summary>
    public sealed class SnapshotTests : IClassFixture<SnapshotBox>
    {
        private readonly SnapshotBox _f;
        private readonly ModuleSession _ps;

        public SnapshotTests(SnapshotBox fixture)
        {
            _f = fixture;
            _ps = fixture.Ps;
        }

        [Fact]
        public void Restore_brings_back_the_data_of_the_snapshot_and_WhatIf_changes_nothing()
        {
            _f.InBox("echo before > /root/data");
            var taken = _ps.Run($"Get-CtrContainer -Name {_f.Box} | Checkpoint-CtrContainer -SnapshotName data1");
            Assert.Empty(taken.Errors);
            var snap = Assert.Single(taken.Output);
            Assert.Equal("Containarium.CtrSnapshot", snap.BaseObject.GetType().FullName);
            Assert.Equal(_f.Box, snap.Properties["Container"].Value);
            Assert.Equal(_f.Host.Name, snap.Properties["Backend"].Value);
            Assert.Equal("data1", snap.Properties["Name"].Value);
            Assert.False((bool)snap.Properties["Stateful"].Value);
            Assert.NotNull(snap.Properties["Created"].Value);

            _f.InBox("echo after > /root/data; echo new > /root/added");
            var whatIf = _ps.Run($"Get-CtrSnapshot -Name {_f.Box} -SnapshotName data1 | Restore-CtrSnapshot -WhatIf");
            Assert.Empty(whatIf.Errors);
            Assert.Equal("after", _f.InBox("cat /root/data"));

            var restored = _ps.Run($"Get-CtrSnapshot -Name {_f.Box} -SnapshotName data1 | Restore-CtrSnapshot -Confirm:$false -PassThru");
            Assert.Empty(restored.Errors);
            Assert.Equal(_f.Box, Assert.Single(restored.Output).Properties["Name"].Value);
            Assert.Equal("before", _f.InBox("cat /root/data"));
            Assert.Equal("gone", _f.InBox("test -e /root/added && echo there || echo gone"));
            Assert.Equal("Running", _ps.Run($"(Get-CtrContainer -Name {_f.Box}).State").Output.Single().BaseObject);
            Assert.Contains("data1", _f.HostSnapshots()); // the snapshot is kept
        }

        [Fact]
        public void Snapshots_are_listed_with_wildcards_and_removed_one_by_one()
        {
            var made = _ps.Run($"'l1', 'l2', 'keep' | ForEach-Object {{ Checkpoint-CtrContainer -Name {_f.Box} -Backend {_f.Host.Name} -SnapshotName $_ }}");
            Assert.Empty(made.Errors);
            var listed = _ps.Run($"Get-CtrSnapshot -Name '{_f.Run}*' -SnapshotName 'l*'");
            Assert.Empty(listed.Errors);
            Assert.Equal(new[] { "l1", "l2" }, listed.Output.Values("Name").Cast<string>().ToArray());
            Assert.All(listed.Output, o => Assert.Equal(_f.Box, o.Properties["Container"].Value));

            // Without -Backend the box is found on the fleet; -WhatIf removes nothing.
            Assert.Empty(_ps.Run($"Get-CtrSnapshot -Name {_f.Box} -SnapshotName 'l*' | Remove-CtrSnapshot -WhatIf").Errors);
            Assert.Contains("l1", _f.HostSnapshots());
            var removed = _ps.Run($"Get-CtrSnapshot -Name {_f.Box} -SnapshotName 'l*' | Remove-CtrSnapshot -Confirm:$false -PassThru");
            Assert.Empty(removed.Errors);
            Assert.Equal(new[] { "l1", "l2" }, removed.Output.Values("Name").Cast<string>().ToArray());
            var left = _f.HostSnapshots();
            Assert.DoesNotContain("l1", left);
            Assert.DoesNotContain("l2", left);
            Assert.Contains("keep", left);
        }

        [Fact]
        public void Default_name_is_one_timestamp_for_the_call()
        {
            var r = _ps.Run($"Checkpoint-CtrContainer {_f.Box}");
            Assert.Empty(r.Errors);
            var name = (string)Assert.Single(r.Output).Properties["Name"].Value;
            Assert.Matches("^ctr-[0-9]{8}-[0-9]{6}$", name);
            Assert.Contains(name, _f.HostSnapshots());
        }

        [Fact]
        public void Bad_rows_get_their_own_error_the_good_row_proceeds_and_nothing_else_changes()
        {
            _ps.Run($"Checkpoint-CtrContainer {_f.Box} -SnapshotName dup");
            var before = _f.HostSnapshots();
            var rows = $"@([pscustomobject]@{{ Name='{_f.Box}'; Backend='{_f.Host.Name}' }}, [pscustomobject]@{{ Name='{_f.Run}nobox'; Backend='{_f.Host.Name}' }}, " +
                       $"[pscustomobject]@{{ Name='bad name'; Backend='{_f.Host.Name}' }}, [pscustomobject]@{{ Name='{_f.Box}'; Backend='nosuch' }})";
            var r = _ps.Run($"{rows} | Checkpoint-CtrContainer -SnapshotName good1");
            Assert.Equal("good1", Assert.Single(r.Output).Properties["Name"].Value);
            Assert.Equal(new[] { "CtrContainerNotFound", "CtrInvalidContainerName", "CtrBackendNotFound" },
                r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToArray());
            Assert.All(r.Errors, e => Assert.NotNull(e.TargetObject));
            Assert.Equal(before.Append("good1").OrderBy(s => s).ToArray(), _f.HostSnapshots());

            AssertError($"Checkpoint-CtrContainer {_f.Box} -SnapshotName 'a/b'", "CtrInvalidSnapshotName", ErrorCategory.InvalidArgument);
            AssertError($"Checkpoint-CtrContainer {_f.Box} -SnapshotName '$(reboot)'", "CtrInvalidSnapshotName", ErrorCategory.InvalidArgument);
            AssertError($"Checkpoint-CtrContainer {_f.Box} -SnapshotName dup", "CtrSnapshotExists", ErrorCategory.ResourceExists);
            AssertError($"Restore-CtrSnapshot {_f.Box} nosnap -Confirm:$false", "CtrSnapshotNotFound", ErrorCategory.ObjectNotFound);
            AssertError($"Remove-CtrSnapshot {_f.Box} nosnap -Confirm:$false", "CtrSnapshotNotFound", ErrorCategory.ObjectNotFound);
            AssertError($"Restore-CtrSnapshot {_f.Run}nobox dup -Confirm:$false", "CtrContainerNotFound", ErrorCategory.ObjectNotFound);
            AssertError($"Remove-CtrSnapshot {_f.Box} 'a b' -Confirm:$false", "CtrInvalidSnapshotName", ErrorCategory.InvalidArgument);
            AssertError($"Get-CtrSnapshot -Name {_f.Run}nobox", "CtrContainerNotFound", ErrorCategory.ObjectNotFound);
            AssertError($"Get-CtrSnapshot -Name {_f.Box} -SnapshotName nosnap", "CtrSnapshotNotFound", ErrorCategory.ObjectNotFound);
            Assert.Empty(_ps.Run($"Get-CtrSnapshot -Name {_f.Box} -SnapshotName 'nosnap*'").Errors); // a pattern may match nothing
            Assert.Equal(before.Append("good1").OrderBy(s => s).ToArray(), _f.HostSnapshots());
        }

        private void AssertError(string command, string errorId, ErrorCategory category)
        {
            var r = _ps.Run(command);
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.Equal(errorId, e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(category, e.CategoryInfo.Category);
        }
    }
}
