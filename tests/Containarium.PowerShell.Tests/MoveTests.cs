using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Containarium.PowerShell.Tests
{
    /// <summary>
    /// Move, export and import against the lab (source b3, the lab backend the other suites use least): data, metadata, snapshots, running state and the user's login survive;
    /// a source or destination whose sshd dies mid-stream, a destination disk that fills up mid-transfer, and Ctrl+C mid-stream, leave the source intact and running and the
    /// destination clean; a source cut mid-export writes no backup, a destination cut mid-restore keeps nothing and the same backup restores afterwards; a corrupted backup is refused before anything
    /// is sent; -WhatIf and bad input change nothing.
    /// </summary>
    public sealed class MoveTests : IDisposable
    {
        private readonly ModuleSession _ps = new ModuleSession();
        private readonly Lab _lab = Lab.Instance;
        private readonly string _run = "m" + Guid.NewGuid().ToString("N").Substring(0, 5);
        private readonly string _keyDir;

        public MoveTests()
        {
            Lab.Script("start.sh", "3");
            foreach (var b in _lab.Backends) _ps.Register(b);
            _keyDir = Path.Combine(_ps.StateDirectory, "keys");
            Directory.CreateDirectory(_keyDir);
        }

        public void Dispose()
        {
            foreach (var b in _lab.Backends)
                Sh($"for n in $({Env(b.Name)} incus list -c n --format csv {_run} </dev/null); do {Env(b.Name)} incus delete -f \"$n\" </dev/null; done");
            Sh($"for u in $(getent passwd | cut -d: -f1 | grep '^{_run}'); do pkill -KILL -u \"$u\" || true; userdel -r \"$u\" 2>/dev/null || true; done");
            _ps.Dispose();
        }

        [Fact]
        public void Move_keeps_data_metadata_snapshots_and_running_state_and_the_user_logs_in_through_the_new_backend()
        {
            var (box, user) = NewBox("b3");
            var hash = WriteData("b3", box);
            Incus("b3", $"snapshot create {box} before-move");
            var before = Instance("b3", box);

            var r = _ps.Run($"Get-CtrContainer -Name {box} | Move-CtrContainer -Destination b2");

            Assert.Empty(r.Errors.Select(e => e.ToString()));
            Assert.Empty(r.Warnings);
            var moved = Assert.Single(r.Output);
            Assert.Equal("b2", moved.Properties["Backend"].Value);
            Assert.Equal("Running", moved.Properties["State"].Value);
            Assert.Equal("", Incus("b3", $"list -c n --format csv {box}").Trim());
            var after = Instance("b2", box);
            Assert.Equal("Running", after.GetProperty("status").GetString());
            foreach (var key in new[] { "user.containarium.owner", "user.containarium.created-at", "user.containarium.key-fingerprints", "limits.memory", "limits.cpu" })
                Assert.Equal(before.GetProperty("config").GetProperty(key).GetString(), after.GetProperty("config").GetProperty(key).GetString());
            Assert.Equal(before.GetProperty("devices").GetProperty("root").GetRawText(), after.GetProperty("devices").GetProperty("root").GetRawText());
            Assert.Contains("before-move", Incus("b2", $"snapshot list {box} -f csv"));
            Assert.Equal(hash, ReadData("b2", box));

            // The lab's backends share 127.0.0.1, so the proxy port is re-allocated when taken; the config points at b2.
            var port = (int)moved.Properties["SshPort"].Value;
            Assert.Contains($"listen: tcp:127.0.0.1:{port}", Incus("b2", $"config device show {box}"));
            var config = string.Join("\n", _ps.Run($"Get-CtrContainer -Name {box} | Get-CtrSshConfig").Output.Select(o => o.ToString()));
            Assert.Contains("2202", config);
            Assert.Contains(user + "\n" + box, Login(user, _lab.Backend("b2"), port));
        }

        [Fact]
        public void Destination_sshd_dying_mid_stream_leaves_the_source_running_and_the_destination_clean()
        {
            var error = MoveWithLinkCut("b2", out var box, out var hash);

            Assert.Contains("intact on 'b3' and running again", error);
            AssertSourceIntact(box, hash, "b2");
        }

        [Fact]
        public void Source_sshd_dying_mid_stream_leaves_the_source_intact_and_running_again_and_the_destination_clean()
        {
            // The export's link goes; the rollback needs the source again, which answers a few seconds later.
            var error = MoveWithLinkCut("b3", out var box, out var hash);

            Assert.True(error.Contains("intact on 'b3' and running again"), error);
            var source = _lab.Backend("b3");
            Assert.Contains($"export on {source.User}@{source.HostName}:{source.Port} failed: the connection was lost mid-stream", error);
            Assert.DoesNotContain("# Runs on", error); // the cause, not the host script's text
            AssertSourceIntact(box, hash, "b2");
        }

        /// <summary>Moves a box holding 32 MiB from b3 to b2 and cuts <paramref name="host"/>'s link mid-stream (see <see cref="RunWithLinkCut"/>).</summary>
        private string MoveWithLinkCut(string host, out string box, out string hash)
        {
            box = NewBox("b3").Box;
            hash = WriteData("b3", box, megabytes: 32);
            var name = box;
            return RunWithLinkCut($"Move-CtrContainer -Name {name} -Destination b2", host, run => StreamHold.Once("export", name, run));
        }

        /// <summary>
        /// Runs <paramref name="command"/>; once <paramref name="hold"/> has the stream held mid-way, stops <paramref name="host"/>'s
        /// sshd, which ends its sessions, lets the stream go on, and starts sshd again 3 s later. Returns the command's single
        /// error, which must be CtrTransferFailed.
        /// </summary>
        private string RunWithLinkCut(string command, string host, Func<Task<ModuleSession.Result>, StreamHold> hold)
        {
            var run = Task.Run(() => _ps.Run(command));
            using (hold(run)) Lab.Script("sshd.sh", "stop", host);
            Thread.Sleep(3000);
            Lab.Script("sshd.sh", "start", host);
            var r = run.Wait(TimeSpan.FromMinutes(5)) ? run.Result : throw new TimeoutException($"'{command}' did not end");

            Assert.Empty(r.Output);
            var error = Assert.Single(r.Errors);
            Assert.StartsWith("CtrTransferFailed", error.FullyQualifiedErrorId);
            return error.ToString();
        }

        [Fact]
        public void Destination_disk_filling_up_mid_transfer_gives_one_clear_error_and_leaves_the_source_running()
        {
            var (box, _) = NewBox("b3");
            var hash = WriteData("b3", box, megabytes: 150);
            var pool = Path.Combine(_lab.Backend("b2").IncusDir, "storage-pools", "default");
            var fill = Path.Combine(pool, $"{_run}-fill");
            // Space of boxes deleted by earlier tests comes back when btrfs has cleaned their subvolumes: let it, first.
            Sh($"btrfs subvolume sync '{pool}' >/dev/null");
            var freeBefore = long.Parse(Sh($"df -B1 --output=avail '{pool}' | tail -1").Trim());
            try
            {
                var move = Task.Run(() => _ps.Run($"Move-CtrContainer -Name {box} -Destination b2"));
                // The pool fills up while the stream still runs: placement saw room, the unpack finds none.
                // Topped up for 3 s, in case more space comes back meanwhile.
                using (StreamHold.Once("export", box, move))
                    Sh($"for i in 1 2 3; do a=$(df -B1 --output=avail '{pool}' | tail -1); " +
                       $"if [ \"$a\" -gt 33554432 ]; then fallocate -l $((a - 16777216)) '{fill}-'$i; fi; sync; sleep 1; done");
                var r = move.Wait(TimeSpan.FromMinutes(5)) ? move.Result : throw new TimeoutException("the move did not end");

                Assert.Empty(r.Output);
                var error = Assert.Single(r.Errors);
                Assert.StartsWith("CtrDiskFull", error.FullyQualifiedErrorId);
                Assert.Equal(System.Management.Automation.ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
                Assert.Contains("ran out of disk space", error.ToString());
                Assert.Contains("intact on 'b3' and running again", error.ToString());
                AssertSourceIntact(box, hash, "b2");
            }
            finally
            {
                // btrfs hands the space back at its next commit: wait for it, so later tests find the pool as it was.
                foreach (var f in Directory.GetFiles(pool, Path.GetFileName(fill) + "-*")) File.Delete(f);
                Sh($"sync; i=0; while [ \"$(df -B1 --output=avail '{pool}' | tail -1)\" -lt {freeBefore - 300_000_000} ] && [ $i -lt 60 ]; do sleep 1; i=$((i+1)); done");
            }
        }

        [Fact]
        public void Cancelling_mid_stream_leaves_the_source_running_and_the_destination_clean()
        {
            var (box, _) = NewBox("b3");
            var hash = WriteData("b3", box, megabytes: 32);
            using var stop = new CancellationTokenSource();
            var move = Task.Run(() => _ps.Run($"Move-CtrContainer -Name {box} -Destination b2", stop.Token));
            using (StreamHold.Once("export", box, move)) stop.Cancel();
            var r = move.Wait(TimeSpan.FromMinutes(5)) ? move.Result : throw new TimeoutException("the move did not end");

            Assert.Empty(r.Output);
            Assert.Empty(r.Errors.Select(e => e.ToString())); // a stopped pipeline writes no error records
            AssertSourceIntact(box, hash, "b2");
        }

        [Fact]
        public void Export_and_import_round_trip_keeps_data_and_snapshots_and_a_corrupted_backup_is_refused_before_anything_is_sent()
        {
            var (box, user) = NewBox("b3");
            var hash = WriteData("b3", box);
            Incus("b3", $"snapshot create {box} nightly");
            var folder = Path.Combine(_ps.StateDirectory, "backups");
            Directory.CreateDirectory(folder);

            var export = _ps.Run($"Export-CtrContainer -Name {box} -Path '{folder}'");
            Assert.Empty(export.Errors.Select(e => e.ToString()));
            var backup = Assert.Single(export.Output);
            var file = (string)backup.Properties["Path"].Value;
            Assert.Equal(Sha256(file), backup.Properties["Sha256"].Value);
            Assert.True(File.Exists(file + ".json"));
            Assert.Empty(Directory.GetFiles(folder, "*partial*"));
            Assert.Contains("nightly", (string[])backup.Properties["Snapshots"].Value);
            Assert.Equal("", Incus("b3", $"query /1.0/instances/{box}/backups").Replace("[]", "").Trim());

            // A corrupted copy is refused on the checksum alone: the fleet is not even asked (the box still exists).
            var bad = Path.Combine(_ps.StateDirectory, "bad.tar");
            File.Copy(file, bad);
            File.Copy(file + ".json", bad + ".json");
            File.WriteAllText(bad + ".json", File.ReadAllText(bad + ".json").Replace(Path.GetFileName(file), "bad.tar"));
            using (var f = new FileStream(bad, FileMode.Open)) { f.Position = f.Length / 2; var b = f.ReadByte(); f.Position--; f.WriteByte((byte)(b ^ 0xFF)); }
            var refused = _ps.Run($"Import-CtrContainer -Path '{bad}' -Backend b2");
            Assert.StartsWith("CtrBackupCorrupt", Assert.Single(refused.Errors).FullyQualifiedErrorId);
            Assert.Equal("", Incus("b2", $"list -c n --format csv {box}").Trim());

            // While the box exists anywhere, an intact backup is refused too.
            var taken = _ps.Run($"Import-CtrContainer -Path '{file}' -Backend b2");
            Assert.StartsWith("CtrContainerExists", Assert.Single(taken.Errors).FullyQualifiedErrorId);

            // The host is lost: the box comes back elsewhere from the backup, with its data, snapshot and login.
            Incus("b3", $"delete -f {box}");
            var restored = _ps.Run($"[pscustomobject]@{{ FullName = '{file}' }} | Import-CtrContainer -Backend b2");
            Assert.Empty(restored.Errors.Select(e => e.ToString()));
            var result = Assert.Single(restored.Output);
            Assert.Equal("b2", result.Properties["Backend"].Value);
            Assert.Equal("Running", result.Properties["State"].Value);
            Assert.Equal(hash, ReadData("b2", box));
            Assert.Contains("nightly", Incus("b2", $"snapshot list {box} -f csv"));
            Assert.Contains(user + "\n" + box, Login(user, _lab.Backend("b2"), (int)result.Properties["SshPort"].Value));
        }

        [Fact]
        public void Destination_sshd_dying_mid_restore_leaves_nothing_there_and_the_backup_still_restores()
        {
            var (box, user, hash, folder) = BoxWithDataAndBackupFolder();
            var file = (string)Assert.Single(_ps.Run($"Export-CtrContainer -Name {box} -Path '{folder}'").Output).Properties["Path"].Value;
            var backupSha = Sha256(file);
            Incus("b3", $"delete -f {box}"); // the host is lost

            var error = RunWithLinkCut($"Import-CtrContainer -Path '{file}' -Backend b2", "b2", run => StreamHold.Once("import", box, run));

            var target = _lab.Backend("b2");
            Assert.Contains($"import on {target.User}@{target.HostName}:{target.Port} failed: the connection was lost mid-stream", error);
            Assert.DoesNotContain("# Runs on", error);
            Assert.Equal("", Incus("b2", $"list -c n --format csv {box}").Trim());
            Assert.Empty(Directory.GetDirectories("/tmp", $"containarium-import.{box}.*"));
            Assert.Equal(backupSha, Sha256(file)); // the user's data is still whole on the admin's machine

            var again = _ps.Run($"Import-CtrContainer -Path '{file}' -Backend b2");
            Assert.Empty(again.Errors.Select(e => e.ToString()));
            Assert.Equal(hash, ReadData("b2", box));
            Assert.Contains(user + "\n" + box, Login(user, target, (int)Assert.Single(again.Output).Properties["SshPort"].Value));
        }

        [Fact]
        public void Source_sshd_dying_mid_export_writes_no_backup_and_leaves_the_box_running()
        {
            var (box, _, hash, folder) = BoxWithDataAndBackupFolder();

            var error = RunWithLinkCut($"Export-CtrContainer -Name {box} -Path '{folder}'", "b3", run => StreamHold.Once("export", box, run));

            Assert.Contains("the connection was lost mid-stream", error);
            Assert.Contains("no backup was written", error);
            Assert.Empty(Directory.GetFiles(folder));
            Assert.Contains($"{box},RUNNING", Incus("b3", $"list -c ns --format csv {box}"));
            Assert.Equal(hash, ReadData("b3", box));
        }

        [Fact]
        public void WhatIf_and_bad_input_change_nothing_and_give_clear_errors()
        {
            var (box, _) = NewBox("b3");

            var plan = _ps.Run($"Get-CtrContainer -Name {box} | Move-CtrContainer -AutoPlace -WhatIf");
            Assert.Empty(plan.Errors.Select(e => e.ToString()));
            Assert.Empty(plan.Output);
            var unknown = _ps.Run($"Move-CtrContainer -Name {box} -Destination nosuch");
            Assert.StartsWith("CtrBackendNotFound", Assert.Single(unknown.Errors).FullyQualifiedErrorId);
            var same = _ps.Run($"Move-CtrContainer -Name {box} -Destination b3");
            Assert.StartsWith("CtrMoveSameBackend", Assert.Single(same.Errors).FullyQualifiedErrorId);
            var missing = _ps.Run($"Move-CtrContainer -Name {_run}-nobox -Destination b2");
            Assert.StartsWith("CtrContainerNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId);
            var noBackup = _ps.Run($"Import-CtrContainer -Path '{_ps.StateDirectory}/none.tar' -Backend b2");
            Assert.StartsWith("CtrBackupInvalid", Assert.Single(noBackup.Errors).FullyQualifiedErrorId);

            Assert.Contains($"{box},RUNNING", Incus("b3", $"list -c ns --format csv {box}"));
            foreach (var other in new[] { "b2", "b1" }) Assert.Equal("", Incus(other, $"list -c n --format csv {box}").Trim());
        }

        private void AssertSourceIntact(string box, string hash, string destination)
        {
            Assert.Contains($"{box},RUNNING", Incus("b3", $"list -c ns --format csv {box}"));
            Assert.Equal(hash, ReadData("b3", box));
            Assert.Equal("", Incus(destination, $"list -c n --format csv {box}").Trim());
            Assert.Empty(Directory.GetDirectories("/tmp", $"containarium-import.{box}.*"));
            Assert.Equal("", Incus("b3", $"query /1.0/instances/{box}/backups").Replace("[]", "").Trim());
        }

        /// <summary>A box on b3 holding 32 MiB and an empty backup folder of its own.</summary>
        private (string Box, string User, string Hash, string Folder) BoxWithDataAndBackupFolder()
        {
            var (box, user) = NewBox("b3");
            var folder = Path.Combine(_ps.StateDirectory, "backups-" + box);
            Directory.CreateDirectory(folder);
            return (box, user, WriteData("b3", box, megabytes: 32), folder);
        }

        private (string Box, string User) NewBox(string backend)
        {
            var user = _run + "u" + Guid.NewGuid().ToString("N").Substring(0, 3);
            var key = Path.Combine(_keyDir, user);
            Sh($"ssh-keygen -q -t ed25519 -N '' -C {user}@test -f '{key}'");
            var r = _ps.Run($"New-CtrContainer -UserName {user} -SshPublicKeyFile '{key}.pub' -Backend {backend} -Memory 512MiB -Disk 1GiB");
            Assert.Empty(r.Errors.Select(e => e.ToString()));
            return ((string)Assert.Single(r.Output).Properties["Name"].Value, user);
        }

        private string WriteData(string backend, string box, int megabytes = 8) =>
            Incus(backend, $"exec -n {box} -- sh -c 'head -c {megabytes}M /dev/urandom >/root/data.bin && sha256sum /root/data.bin'").Split(' ')[0];

        private string ReadData(string backend, string box) =>
            Incus(backend, $"exec -n {box} -- sha256sum /root/data.bin").Split(' ')[0];

        private JsonElement Instance(string backend, string box) => JsonDocument.Parse(Incus(backend, $"query /1.0/instances/{box}")).RootElement;

        private string Login(string user, Lab.Host backend, int port)
        {
            var key = Path.Combine(_keyDir, user);
            var common = $"-o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -i '{key}'";
            return Sh($"ssh {common} -o ProxyCommand=\"ssh {common} -W %h:%p -p {backend.Port} {user}@{backend.HostName}\" -p {port} {user}@127.0.0.1 'whoami; hostname'");
        }

        private string Env(string backend) => $"INCUS_DIR={_lab.Backend(backend).IncusDir}";

        private string Incus(string backend, string args) => Sh($"{Env(backend)} incus {args} </dev/null");

        private static string Sha256(string file)
        {
            using var s = File.OpenRead(file);
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(s)).ToLowerInvariant();
        }

        private static string Sh(string script)
        {
            var psi = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return output + stderr.Result;
        }
    }
}
