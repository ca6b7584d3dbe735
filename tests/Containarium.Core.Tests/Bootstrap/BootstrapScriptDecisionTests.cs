using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Containarium.Core.Bootstrap;
using Xunit;

namespace Containarium.Core.Tests.Bootstrap
{
    /// <summary>
    /// The real bootstrap script, run in plan mode on this machine with a PATH that has no incus and a fake
    /// os-release: the "not installed" branch decides how to install (and refuses unknown systems) without changing anything.
    /// </summary>
    public sealed class BootstrapScriptDecisionTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "ctr-boot-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        private static readonly Lazy<string> Bin = new Lazy<string>(MakeBin);
        private readonly string _bin = Bin.Value;

        public BootstrapScriptDecisionTests() => Directory.CreateDirectory(_dir);

        /// <summary>A PATH directory with every program of this machine except incus* (made once per test run).</summary>
        private static string MakeBin()
        {
            var bin = Path.Combine(Path.GetTempPath(), "ctr-boot-bin-" + Environment.ProcessId);
            if (Directory.Exists(bin)) Directory.Delete(bin, true);
            Directory.CreateDirectory(bin);
            foreach (var d in new[] { "/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin" }.Where(Directory.Exists))
                foreach (var f in Directory.GetFiles(d))
                {
                    var name = Path.GetFileName(f);
                    var link = Path.Combine(bin, name);
                    if (name.StartsWith("incus", StringComparison.Ordinal) || File.Exists(link)) continue;
                    File.CreateSymbolicLink(link, f);
                }
            AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(bin, true); } catch (IOException) { } };
            return bin;
        }

        public void Dispose() => Directory.Delete(_dir, true);

        private (int Exit, List<BootstrapStep> Steps, string Stderr) RunPlan(string osRelease, string mode = "plan", string driver = "btrfs")
        {
            var os = Path.Combine(_dir, "os-release");
            File.WriteAllText(os, osRelease);
            var options = new BootstrapOptions { StorageDriver = driver, StorageSize = "4GiB" };
            var parameters = options.ScriptParameters(plan: mode == "plan", uploadedImageDirectory: null);
            parameters.Add(new KeyValuePair<string, string>("CTR_OS_RELEASE", os));
            var script = Path.Combine(_dir, "bootstrap.sh");
            File.WriteAllText(script, BackendBootstrapper.Script(parameters));
            var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(script);
            psi.Environment.Clear();
            psi.Environment["PATH"] = _bin;
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(30_000), "the script did not finish");
            return (p.ExitCode, BootstrapStep.Parse(stdout.Result), stderr.Result);
        }

        [Fact]
        public void Debian_12_without_incus_plans_the_backports_install_and_everything_after_it()
        {
            var (exit, steps, stderr) = RunPlan("ID=debian\nVERSION_CODENAME=bookworm\nPRETTY_NAME=\"Debian GNU/Linux 12\"\n");
            Assert.True(exit == 0, stderr);
            var incus = steps.First();
            Assert.Equal("incus", incus.Step);
            Assert.Equal(BootstrapStatus.Pending, incus.Status);
            Assert.Equal("install incus from bookworm-backports", incus.Detail);
            foreach (var name in new[] { "daemon", "storage-pool", "profile" })
                Assert.Equal(BootstrapStatus.Pending, steps.Single(s => s.Step == name).Status);
            Assert.Contains("btrfs on a loop file of 4GiB", steps.Single(s => s.Step == "storage-pool").Detail);
            Assert.DoesNotContain(steps, s => s.Status == BootstrapStatus.Changed);
        }

        [Theory]
        [InlineData("ID=ubuntu\nVERSION_CODENAME=noble\n")]
        [InlineData("ID=debian\nVERSION_CODENAME=trixie\n")]
        public void Ubuntu_and_later_Debian_install_from_the_distribution(string osRelease)
        {
            var (exit, steps, stderr) = RunPlan(osRelease);
            Assert.True(exit == 0, stderr);
            Assert.Equal("install incus from the distribution", steps.First().Detail);
        }

        [Theory]
        [InlineData("ID=debian\nVERSION_CODENAME=bullseye\nPRETTY_NAME=\"Debian 11\"\n")]
        [InlineData("ID=fedora\nVERSION_ID=40\nPRETTY_NAME=\"Fedora 40\"\n")]
        public void Systems_without_an_incus_package_are_refused_before_any_change(string osRelease)
        {
            foreach (var mode in new[] { "plan", "apply" })
            {
                var (exit, steps, stderr) = RunPlan(osRelease, mode);
                Assert.Equal(5, exit);
                Assert.Empty(steps);
                Assert.Contains("no Incus package for this OS", stderr);
            }
        }

        [Fact]
        public void The_dir_driver_needs_no_tools()
        {
            var (exit, steps, _) = RunPlan("ID=ubuntu\nVERSION_CODENAME=noble\n", driver: "dir");
            Assert.Equal(0, exit);
            var tools = steps.Single(s => s.Step == "storage-tools");
            Assert.Equal(BootstrapStatus.Unchanged, tools.Status);
            Assert.Contains("create pool default (dir)", steps.Single(s => s.Step == "storage-pool").Detail);
        }
    }
}
