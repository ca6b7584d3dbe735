using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace Containarium.PowerShell.Tests
{
    /// <summary>Bulk onboarding against the lab: placement spread, a real SSH login through the tunnel-only account, idempotence, bad rows.</summary>
    public sealed class OnboardingTests : LabTest
    {
        public OnboardingTests() : base("t") { }

        private static string Sh(string script) => Shell.Run(script);

        private static string Rows(IEnumerable<string> rows) => "@(" + string.Join(", ", rows.Select(r => "[pscustomobject]@{ " + r + " }")) + ")";

        private string NewKey(string user) => LabBoxes.NewKey(_keyDir, user);

        [Fact]
        public void Team_csv_is_spread_over_the_backends_and_the_user_logs_in_through_the_tunnel_only_account()
        {
            var users = Enumerable.Range(1, 6).Select(i => $"{_run}u{i}").ToList();
            // CSV-shaped rows (the in-process engine has no Import-Csv; the Pester spec pipes a real CSV file).
            var rows = Rows(users.Select(u => $"User='{u}'; SshKey='{File.ReadAllText(NewKey(u) + ".pub").Trim()}'; Team='{_run}team'; Memory='512MiB'; Disk='2GiB'"));
            var r = _ps.Run($"{rows} | New-CtrContainer -AutoPlace -ThrottleLimit 6");
            Assert.Empty(r.Errors.Select(e => e.ToString()));
            Assert.Equal(6, r.Output.Count);
            var perBackend = r.Output.GroupBy(o => (string)o.Properties["Backend"].Value).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(new[] { 2, 2, 2 }, perBackend.Values.OrderBy(v => v));

            // The owner's key works through the backend's tunnel-only account and lands in the box as the owner.
            var box = r.Output.First(o => (string)o.Properties["UserName"].Value == users[0]);
            var backend = _lab.Backend((string)box.Properties["Backend"].Value);
            var port = (int)box.Properties["SshPort"].Value;
            var key = Path.Combine(_keyDir, users[0]);
            var login = LabBoxes.SshIntoBox(backend, users[0], port, key, "whoami; hostname", out _);
            Assert.Contains(users[0] + "\n" + box.Properties["Name"].Value, login);
            // The tunnel account has no shell.
            var shell = Sh($"ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -i '{key}' -p {backend.Port} {users[0]}@{backend.HostName} id");
            Assert.DoesNotContain("uid=", shell);

            // Re-running the same CSV creates nothing, changes nothing and writes no error.
            var again = _ps.Run($"{rows} | New-CtrContainer -AutoPlace");
            Assert.Empty(again.Errors);
            Assert.Empty(again.Output);
            Assert.Equal(6, again.Warnings.Count);
        }

        [Fact]
        public void Bad_rows_get_their_own_error_and_the_good_rows_proceed()
        {
            var good = $"{_run}ok";
            var key = File.ReadAllText(NewKey(good) + ".pub").Trim();
            var rows = Rows(new[]
            {
                $"User='{good}'; SshKey='{key}'; Memory='512MiB'; Disk='2GiB'",
                $"User='{_run}$(reboot)'; SshKey='{key}'; Memory='512MiB'; Disk='2GiB'",
                $"User='{_run}nokey'; SshKey='ssh-ed25519 AAAAplaceholder'; Memory='512MiB'; Disk='2GiB'",
                $"User='{_run}size'; SshKey='{key}'; Memory='lots'; Disk='2GiB'",
            });
            var r = _ps.Run($"{rows} | New-CtrContainer -AutoPlace");
            Assert.Single(r.Output);
            Assert.Equal(3, r.Errors.Count);
            Assert.All(r.Errors, e => Assert.StartsWith("CtrInvalidBoxRequest", e.FullyQualifiedErrorId));
            Assert.All(r.Errors, e => Assert.NotNull(e.TargetObject));
            var names = _ps.Run($"Get-CtrContainer -Name '{_run}*'").Output.Values("UserName").Cast<string>().ToList();
            Assert.Equal(new[] { good }, names);
        }

        [Fact]
        public void A_pipeline_stopped_by_an_error_leaves_no_half_made_box_behind()
        {
            var good = $"{_run}st";
            var key = File.ReadAllText(NewKey(good) + ".pub").Trim();
            // Row 1 starts creating in the background; row 2 is refused at once and -ErrorAction Stop tears the
            // pipeline down without StopProcessing: the creation must be cancelled and rolled back before the call returns.
            var rows = Rows(new[]
            {
                $"User='{good}'; SshKey='{key}'; Memory='256MiB'; Disk='1GiB'",
                $"User='{_run}bad'; SshKey='{key}'; Memory='lots'; Disk='1GiB'",
            });
            var r = _ps.Run($"{rows} | New-CtrContainer -Backend b3 -ErrorAction Stop");
            Assert.NotNull(r.Terminating ?? (object?)r.Errors.FirstOrDefault());
            Assert.Equal("", LabBoxes.Incus(_lab.Backend("b3"), $"list {_run} -c n --format csv"));
            // A creation left running in the background would show up within a few seconds.
            System.Threading.Thread.Sleep(TimeSpan.FromSeconds(15));
            Assert.Equal("", LabBoxes.Incus(_lab.Backend("b3"), $"list {_run} -c n --format csv"));
            Assert.DoesNotContain(good + ":", Sh($"getent passwd {good}"));
        }

        [Fact]
        public void WhatIf_prints_the_plan_and_creates_nothing()
        {
            var user = $"{_run}wi";
            var key = File.ReadAllText(NewKey(user) + ".pub").Trim();
            var r = _ps.Run($"New-CtrContainer -UserName {user} -SshPublicKey '{key}' -Backend b2 -Disk 2GiB -Memory 256MiB -WhatIf");
            Assert.Empty(r.Errors);
            Assert.Empty(r.Output);
            Assert.Empty(_ps.Run($"Get-CtrContainer -Name '{_run}*'").Output);
        }
            [Fact]
        public void Ctrl_C_during_bulk_creation_leaves_no_half_made_box_or_account_behind()
        {
            var users = Enumerable.Range(1, 4).Select(i => $"{_run}c{i}").ToList();
            var rows = Rows(users.Select(u => $"User='{u}'; SshKey='{File.ReadAllText(NewKey(u) + ".pub").Trim()}'; Memory='256MiB'; Disk='1GiB'"));
            // Stop as soon as the first instance exists on a host: creations are then mid-flight.
            bool AnyInstance() => _lab.Backends.Any(b => Sh($"INCUS_DIR={b.IncusDir} incus list -c n --format csv {_run} </dev/null").Contains(_run));
            var stopped = _ps.RunAndStop($"{rows} | New-CtrContainer -AutoPlace -ThrottleLimit 4", AnyInstance, TimeSpan.FromSeconds(60));
            Assert.True(stopped, "the run ended before any instance appeared, so nothing was interrupted");

            // The rollback of every interrupted row has run by the time the cmdlet returns.
            foreach (var b in _lab.Backends)
                Assert.Equal("", Sh($"INCUS_DIR={b.IncusDir} incus list -c n --format csv {_run} </dev/null").Trim());
            Assert.Equal("", Sh($"getent passwd | cut -d: -f1 | grep '^{_run}' || true").Trim());
            Assert.Empty(_ps.Run($"Get-CtrContainer -Name '{_run}*'").Output);
        }
}
}
