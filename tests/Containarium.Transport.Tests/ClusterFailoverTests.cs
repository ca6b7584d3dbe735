using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Transport;
using Xunit;

namespace Containarium.Transport.Tests
{
    /// <summary>The running lab's cluster members (tests/lab/cluster.sh writes cluster.json) and its lab scripts.</summary>
    internal static class ClusterLab
    {
        public sealed record Member(string Name, string HostName, int Port, string User, string KeyFile);

        private static string Dir => Environment.GetEnvironmentVariable("CTR_LAB_DIR") ?? "/var/lib/containarium-lab";

        public static IReadOnlyList<Member> Members()
        {
            var path = Path.Combine(Dir, "cluster.json");
            if (!File.Exists(path)) return Array.Empty<Member>();
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.GetProperty("members").EnumerateArray().Select(m => new Member(m.GetProperty("name").GetString()!,
                m.GetProperty("host").GetString()!, m.GetProperty("port").GetInt32(), m.GetProperty("user").GetString()!,
                m.GetProperty("keyFile").GetString()!)).ToList();
        }

        /// <summary>Runs tests/lab/SCRIPT ARGS and fails the test when it fails.</summary>
        public static void Script(string script, params string[] args)
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Containarium.psd1"))) dir = dir.Parent;
            var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(Path.Combine(dir!.FullName, "tests", "lab", script));
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{script} {string.Join(" ", args)} failed ({p.ExitCode}): {output}");
        }
    }

    /// <summary>
    /// The connector of a cluster backend against the lab's real cluster: endpoints are tried in order, a member whose sshd or
    /// whose Incus daemon is down is skipped, and the working endpoint is kept. Each test stops one member and restarts it.
    /// </summary>
    public sealed class ClusterFailoverTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("ctr-failover-").FullName;
        private readonly BackendConnector _connector;

        public ClusterFailoverTests()
        {
            var store = new ConfigStore(Path.Combine(_dir, "config.json"));
            _connector = new BackendConnector(store, new Preferences { ConnectTimeoutSeconds = 5 });
        }

        public void Dispose() => Directory.Delete(_dir, true);

        /// <summary>A cluster backend whose endpoints start with <paramref name="first"/> (a fresh name: its own preferred endpoint).</summary>
        private static BackendDefinition Cluster(string first)
        {
            var members = ClusterLab.Members();
            Assert.True(members.Count == 3, "the lab has no cluster: tests/lab/start.sh 3 --cluster");
            var ordered = members.Where(m => m.Name == first).Concat(members.Where(m => m.Name != first)).ToList();
            return new BackendDefinition
            {
                Name = "fo" + Guid.NewGuid().ToString("N").Substring(0, 6),
                HostName = ordered[0].HostName,
                Port = ordered[0].Port,
                UserName = ordered[0].User,
                KeyFile = ordered[0].KeyFile,
                Cluster = true,
                Endpoints = ordered.Select(m => m.HostName + ":" + m.Port).ToList(),
            };
        }

        private static async Task<string> ServerNameAsync(ICommandTransport t)
        {
            var r = await t.RunAsync(RemoteCommand.FromArguments("incus", "query", "/1.0"), CancellationToken.None);
            Assert.True(r.Succeeded, r.StandardError);
            using var doc = System.Text.Json.JsonDocument.Parse(r.StandardOutput);
            return doc.RootElement.GetProperty("environment").GetProperty("server_name").GetString()!;
        }

        [Fact]
        public async Task A_stopped_sshd_on_the_first_endpoint_is_skipped_and_the_next_member_kept()
        {
            var backend = Cluster("m1");
            ClusterLab.Script("sshd.sh", "stop", "m1");
            try
            {
                var transport = Assert.IsType<FailoverTransport>(_connector.Open(backend));
                Assert.Equal("m2", await ServerNameAsync(transport));
                Assert.Equal(1, transport.PreferredIndex);
                // A later call (another transport object of the same backend) starts with the endpoint that worked.
                Assert.Equal(1, Assert.IsType<FailoverTransport>(_connector.Open(backend)).PreferredIndex);
            }
            finally { ClusterLab.Script("sshd.sh", "start", "m1"); }
        }

        [Fact]
        public async Task A_member_whose_incus_daemon_is_down_is_skipped()
        {
            var backend = Cluster("m3");
            ClusterLab.Script("incusd.sh", "kill", "m3");
            try
            {
                var transport = Assert.IsType<FailoverTransport>(_connector.Open(backend));
                Assert.NotEqual("m3", await ServerNameAsync(transport));
                Assert.NotEqual(0, transport.PreferredIndex);
            }
            finally { ClusterLab.Script("incusd.sh", "start", "m3"); }
        }

        [Fact]
        public async Task With_every_endpoint_down_the_error_names_each_of_them()
        {
            var backend = Cluster("m1");
            backend.Endpoints = backend.Endpoints!.Select(e => e.Replace(":2222", ":2299")).ToList();
            var e = await Assert.ThrowsAsync<TransportException>(() => _connector.Open(backend).RunAsync(RemoteCommand.FromArguments("true"), CancellationToken.None));
            Assert.Equal(TransportFailure.Unreachable, e.Failure);
            foreach (var m in ClusterLab.Members()) Assert.Contains(m.HostName + ":2299", e.Message);
        }
    }
}
