using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Containarium.PowerShell.Tests
{
    /// <summary>Initialize-CtrBackend against the lab's uninitialised Incus host (tests/lab/bare.sh) over real SSH and sudo.</summary>
    public sealed class BootstrapTests : IDisposable
    {
        private readonly ModuleSession _ps = new ModuleSession();
        private readonly Lab.Host _bare = Lab.ResetBare();
        private readonly string _run = "i" + Guid.NewGuid().ToString("N").Substring(0, 5);

        public void Dispose()
        {
            Shell.Run($"INCUS_DIR='{_bare.IncusDir}'; export INCUS_DIR; for n in $(incus list -c n --format csv {_run} </dev/null); do incus delete -f \"$n\" </dev/null; done; " +
                      $"for u in $(getent passwd | cut -d: -f1 | grep '^{_run}'); do pkill -KILL -u \"$u\" || true; userdel -r \"$u\" 2>/dev/null || true; done");
            _ps.Dispose();
        }

        private string Ssh => $"-HostName {_bare.HostName} -Port {_bare.Port} -UserName {_bare.User} -KeyFile '{_bare.KeyFile}'";
        private string Incus(string args) => Shell.Run($"INCUS_DIR='{_bare.IncusDir}' incus {args} </dev/null").Trim();

        private static string ImagePath()
        {
            var path = Shell.Run($"bash '{Path.Combine(RepoRoot.Path, "tests", "lab", "image.sh")}' --path").Trim().Split('\n').Last();
            Assert.True(File.Exists(path), "lab image missing: " + path);
            return path;
        }

        [Fact]
        public void First_run_initialises_the_host_the_second_changes_nothing_and_boxes_can_be_created()
        {
            Assert.Equal("", Incus("storage list -f csv"));
            Assert.Equal("{}", Incus("query /1.0/profiles/default").Split("\"devices\": ")[1].Split(',')[0]);
            var args = $"{Ssh} -Name {_run}b -StorageDriver btrfs -StorageSize 3GiB -ImagePath '{ImagePath()}'";

            // -WhatIf names the steps that would change and changes nothing.
            var whatIf = _ps.Run($"Initialize-CtrBackend {args} -Register -WhatIf");
            Assert.Empty(whatIf.Errors);
            Assert.Empty(whatIf.Output);
            Assert.Equal("", Incus("storage list -f csv"));
            Assert.Empty(_ps.Run("Get-CtrBackend").Output);

            var first = _ps.Run($"Initialize-CtrBackend {args} -Register");
            Assert.Empty(first.Errors.Select(e => e.ToString()));
            var status = first.Output.ToDictionary(o => (string)o.Properties["Step"].Value, o => (string)o.Properties["Status"].Value);
            Assert.Equal("Changed", status["storage-pool"]);
            Assert.Equal("Changed", status["profile"]);
            Assert.Equal("Changed", status["image"]);
            Assert.Equal("Changed", status["register"]);
            Assert.Equal("Unchanged", status["incus"]); // installed on the lab machine: the "present" branch
            Assert.Equal("Unchanged", status["daemon"]);
            Assert.StartsWith("default,btrfs", Incus("storage list -f csv"));
            Assert.Equal("default", Incus("profile device get default root pool"));
            Assert.Contains("debian12", Incus("image alias list -f csv"));

            var checks = _ps.Run($"Test-CtrBackend {_run}b");
            Assert.Empty(checks.Errors);
            Assert.All(checks.Output, c => Assert.True((string)c.Properties["Result"].Value == "Pass", $"{c.Properties["Check"].Value}: {c.Properties["Detail"].Value}"));

            // The second run, by registered name: every step Unchanged, nothing uploaded or changed.
            var poolsBefore = Incus("storage list -f csv");
            var second = _ps.Run($"Initialize-CtrBackend {_run}b -StorageDriver btrfs -StorageSize 3GiB -ImagePath '{ImagePath()}'");
            Assert.Empty(second.Errors);
            Assert.Equal(7, second.Output.Count);
            Assert.All(second.Output, o => Assert.Equal("Unchanged", o.Properties["Status"].Value));
            Assert.Equal(poolsBefore, Incus("storage list -f csv"));
            var again = _ps.Run($"Initialize-CtrBackend {args} -Register");
            Assert.Empty(again.Errors);
            Assert.All(again.Output, o => Assert.Equal("Unchanged", o.Properties["Status"].Value));

            // A box can be made there now.
            var key = Path.Combine(_ps.StateDirectory, "k");
            Shell.Run($"ssh-keygen -q -t ed25519 -N '' -f '{key}'");
            var box = _ps.Run($"New-CtrContainer -UserName {_run}u -SshPublicKey '{File.ReadAllText(key + ".pub").Trim()}' -Backend {_run}b -Memory 256MiB -Disk 1GiB");
            Assert.Empty(box.Errors.Select(e => e.ToString()));
            Assert.Equal("Running", Assert.Single(box.Output).Properties["State"].Value);
        }

        [Fact]
        public void A_missing_admin_group_is_created_with_the_login_in_it_and_reused_next_time()
        {
            var group = _run + "adm";
            try
            {
                var first = _ps.Run($"Initialize-CtrBackend {Ssh} -AdminGroup {group}");
                Assert.Empty(first.Errors.Select(e => e.ToString()));
                var step = first.Output.Single(o => (string)o.Properties["Step"].Value == "admin-group");
                Assert.Equal("Changed", step.Properties["Status"].Value);
                Assert.Contains($"created group {group}", (string)step.Properties["Detail"].Value);
                Assert.Contains($"added {_bare.User} to {group}", (string)step.Properties["Detail"].Value);
                Assert.Contains(_bare.User, Shell.Run($"getent group {group}").Trim().Split(':').Last().Split(','));

                // The module reconnected, so the next run's login has the group: nothing left to do.
                var second = _ps.Run($"Initialize-CtrBackend {Ssh} -AdminGroup {group}");
                Assert.Empty(second.Errors);
                Assert.All(second.Output, o => Assert.Equal("Unchanged", o.Properties["Status"].Value));
            }
            finally
            {
                Shell.Run($"gpasswd -d {_bare.User} {group}; groupdel {group}");
            }
        }

        [Fact]
        public void Bad_options_are_refused_before_the_host_is_touched()
        {
            foreach (var bad in new[]
            {
                "-StorageDriver btrfs -StorageSource '/dev/sdb; reboot'",
                "-StorageDriver btrfs -StorageSource /dev/../etc/passwd",
                "-StorageSource /dev/sdb",
                "-StorageDriver btrfs -StorageSize lots",
                "-StoragePool 'a b'",
                "-AdminGroup 'Root!'",
                "-Image 'images:debian/12'",
                "-Register",
            })
            {
                var r = _ps.Run($"Initialize-CtrBackend {Ssh} {bad}");
                var e = Assert.Single(r.Errors);
                Assert.Equal("CtrInvalidBootstrapOption", e.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Empty(r.Output);
            }
            var missing = _ps.Run($"Initialize-CtrBackend {Ssh} -ImagePath /nonexistent/image.tar");
            Assert.Equal("CtrFileNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId.Split(',')[0]);
            var unknown = _ps.Run("Initialize-CtrBackend nosuch");
            Assert.Equal("CtrBackendNotFound", Assert.Single(unknown.Errors).FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal("", Incus("storage list -f csv"));
            Assert.Equal("{}", Incus("query /1.0/profiles/default").Split("\"devices\": ")[1].Split(',')[0]);
        }
    }
}
