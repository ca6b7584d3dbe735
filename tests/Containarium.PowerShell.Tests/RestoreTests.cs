using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Xunit;
using static Containarium.PowerShell.Tests.LabBoxes;

namespace Containarium.PowerShell.Tests
{
    /// <summary>
    /// A dead cluster member's boxes back on a live backend from their latest backups, against the lab's real cluster:
    /// data checked by hash over a real key login, the stale copy stopped, kept from starting and removable when the member
    /// returns, while the restored box is the one that answers. Bad catalogues are refused before anything is sent.
    /// </summary>
    public sealed class RestoreTests : IDisposable
    {
        private readonly ModuleSession _ps = new ModuleSession();
        private readonly Lab _lab = Lab.Instance;
        private readonly string _run = "r" + Guid.NewGuid().ToString("N").Substring(0, 5);
        private readonly string _catalogue;
        private readonly string _key;
        private readonly string _m1Dir;

        public RestoreTests()
        {
            Lab.Script("start.sh", "3", "--cluster");
            using var cluster = JsonDocument.Parse(File.ReadAllText(Path.Combine(Lab.Directory, "cluster.json")));
            var members = cluster.RootElement.GetProperty("members").EnumerateArray().ToList();
            _m1Dir = members[0].GetProperty("incusDir").GetString()!;
            var endpoints = string.Join(",", members.Select(m => $"{m.GetProperty("host").GetString()}:{m.GetProperty("port").GetInt32()}"));
            var admin = members[0];
            Assert.Empty(_ps.Run($"Register-CtrBackend -Name c1 -HostName {endpoints} -UserName {admin.GetProperty("user").GetString()} -KeyFile '{admin.GetProperty("keyFile").GetString()}' 3>$null").Errors);
            Assert.Empty(_ps.Register(_lab.Backend("b1"), "3>$null").Errors);
            _catalogue = Path.Combine(_ps.StateDirectory, "backups");
            Directory.CreateDirectory(_catalogue);
            _key = NewKey(_ps.StateDirectory, _run + "key");
            WaitClusterHealthy();
        }

        public void Dispose()
        {
            Lab.Script("incusd.sh", "start", "m3");
            WaitClusterHealthy();
            var env = $"INCUS_DIR={_m1Dir}";
            Sh($"for n in $({env} incus list -c n --format csv {_run} </dev/null); do {env} incus delete -f \"$n\" </dev/null; done");
            Cleanup(_lab, _run);
            _ps.Dispose();
        }

        [Fact]
        public void A_dead_members_box_comes_back_elsewhere_from_its_latest_backup_and_its_stale_copy_never_runs_beside_it()
        {
            var (box, user) = NewBox("m3", "d");
            var hash = ClusterIncus($"exec {box} -- sh -c 'head -c 3000000 /dev/urandom > /home/{user}/data.bin && chown {user} /home/{user}/data.bin && sha256sum /home/{user}/data.bin'").Split(' ')[0];
            Assert.Equal(64, hash.Length);
            var export = _ps.Run($"Export-CtrContainer -Name {box} -Backend c1 -Path '{_catalogue}'");
            Assert.Empty(export.Errors.Select(e => e.ToString()));
            ClusterIncus($"exec {box} -- sh -c 'echo after-backup > /home/{user}/late.txt'"); // not in the backup

            Lab.Script("incusd.sh", "kill", "m3");
            WaitFor(() => (string?)_ps.Run($"Get-CtrContainer -Backend c1 -Name {box}").Output.Select(o => o.Properties["State"].Value).FirstOrDefault() == "Unavailable", "the box to list as Unavailable");

            var restore = _ps.Run($"Get-CtrContainer -Backend c1 -Member m3 -Name {box} | Import-CtrContainer -LatestBackup -AutoPlace -BackupPath '{_catalogue}' -Confirm:$false");
            Assert.Empty(restore.Errors.Select(e => e.ToString()));
            var restored = Assert.Single(restore.Output);
            Assert.Equal("b1", restored.Properties["Backend"].Value); // never the cluster that still holds the name
            Assert.Equal("Running", restored.Properties["State"].Value);
            Assert.Equal("c1/m3", restored.Properties["RestoredFrom"].Value);
            Assert.NotNull(restored.Properties["BackupTime"].Value);
            var port = (int)restored.Properties["SshPort"].Value;
            var b1 = _lab.Backend("b1");
            Assert.Equal("c1/m3", Incus(b1, $"config get {box} user.containarium.restored-from"));

            // The user's key gets in, and the data is as of the backup.
            var login = SshIntoBox(b1, user, port, _key, "whoami; sha256sum data.bin; ls", out var code);
            Assert.True(code == 0, login);
            Assert.Contains(user, login);
            Assert.Contains(hash, login);
            Assert.DoesNotContain("late.txt", login);

            // The member returns (its box kept running while incusd was dead, as an autostarted box would be running).
            Lab.Script("incusd.sh", "start", "m3");
            WaitClusterHealthy();
            WaitFor(() => ClusterIncus($"list {box} -c s -f csv") == "RUNNING", "the stale copy to be seen again");
            var listed = _ps.Run($"Get-CtrContainer -Name {box}");
            Assert.True(listed.Errors.Count == 0, string.Join("\n", listed.Errors.Select(e => e.ToString())));
            Assert.Equal(2, listed.Output.Count);
            var stale = listed.Output.Single(o => (string)o.Properties["Backend"].Value == "c1");
            Assert.Equal("Stale", stale.Properties["State"].Value);
            Assert.Equal("m3", stale.Properties["Member"].Value);
            Assert.Equal("b1/" + box, stale.Properties["SupersededBy"].Value);
            Assert.Equal("Running", listed.Output.Single(o => (string)o.Properties["Backend"].Value == "b1").Properties["State"].Value);
            var warning = Assert.Single(listed.Warnings);
            Assert.Contains("c1/m3", warning);
            Assert.Contains("b1/" + box, warning);
            Assert.True(warning.Contains("stopped it"), warning);
            Assert.Equal("STOPPED", ClusterIncus($"list {box} -c s -f csv"));
            Assert.Equal("false", ClusterIncus($"config get {box} boot.autostart"));
            Assert.Empty(_ps.Run($"Get-CtrContainer -Name {box}").Warnings); // secured once, said once

            var start = _ps.Run($"Start-CtrContainer -Backend c1 -Name {box}");
            Assert.Equal("CtrContainerStale", start.Errors.Single().FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal("STOPPED", ClusterIncus($"list {box} -c s -f csv"));
            Assert.Contains(hash, SshIntoBox(b1, user, port, _key, "sha256sum data.bin", out _)); // the restored box answers

            var remove = _ps.Run($"Remove-CtrContainer -Backend c1 -Name {box} -Confirm:$false");
            Assert.Empty(remove.Errors.Select(e => e.ToString()));
            Assert.Equal("", ClusterIncus($"list {box} -c n -f csv"));
            var after = SshIntoBox(b1, user, port, _key, "sha256sum data.bin", out code);
            Assert.True(code == 0, after);
            Assert.Contains(hash, after);
            Assert.Equal("b1", Assert.Single(_ps.Run($"Get-CtrContainer -Name {box}").Output).Properties["Backend"].Value);
        }

        [Fact]
        public void LatestBackup_refuses_a_missing_foreign_or_corrupt_backup_and_a_box_that_is_not_lost_and_sends_nothing()
        {
            var (box, _) = NewBox("m1", "e");
            string Id(ModuleSession.Result r) => r.Errors.Single().FullyQualifiedErrorId.Split(',')[0];
            var pipe = $"Get-CtrContainer -Backend c1 -Name {box} | Import-CtrContainer -LatestBackup -Backend b1 -BackupPath '{_catalogue}' -Confirm:$false";

            Assert.Equal("CtrBackupNotFound", Id(_ps.Run(pipe)));
            Assert.Empty(_ps.Run($"Export-CtrContainer -Name {box} -Backend c1 -Path '{_catalogue}'").Errors);
            Assert.Equal("CtrContainerExists", Id(_ps.Run(pipe))); // it runs: not a lost box

            var manifest = Directory.GetFiles(_catalogue, box + "-*.tar.json").Single();
            var original = File.ReadAllText(manifest);
            File.WriteAllText(manifest, original.Replace($"\"userName\": \"{box.Replace("-box", "")}\"", "\"userName\": \"mallory\""));
            Assert.Equal("CtrBackupOwnerMismatch", Id(_ps.Run(pipe)));
            File.WriteAllText(manifest, original);
            File.AppendAllText(manifest.Substring(0, manifest.Length - ".json".Length), "x");
            Assert.Equal("CtrBackupCorrupt", Id(_ps.Run(pipe)));
            Assert.Equal("", Incus(_lab.Backend("b1"), $"list {box} -c n -f csv"));
        }

        private (string Box, string User) NewBox(string member, string suffix)
        {
            var user = _run + suffix;
            var r = _ps.Run($"New-CtrContainer -UserName {user} -SshPublicKey '{File.ReadAllText(_key + ".pub").Trim()}' -Backend c1 -Member {member} -Cpu 1 -Memory 256MiB -Disk 1GiB");
            Assert.Empty(r.Errors.Select(e => e.ToString()));
            Assert.Equal(member, Assert.Single(r.Output).Properties["Member"].Value);
            return (user + "-box", user);
        }

        private string ClusterIncus(string args) => Sh($"INCUS_DIR={_m1Dir} incus {args} </dev/null").Trim();

        private static void WaitClusterHealthy() =>
            WaitFor(() => { Sh($"bash '{Path.Combine(RepoRoot.Path, "tests", "lab", "cluster.sh")}' status", out var code); return code == 0; }, "the lab cluster to be healthy");

        private static void WaitFor(Func<bool> condition, string what)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(90)) throw new TimeoutException("Timed out waiting for " + what);
                Thread.Sleep(1000);
            }
        }
    }
}
