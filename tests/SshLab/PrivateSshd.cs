using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Model;

namespace Containarium.SshLab
{
    /// <summary>
    /// One sshd on 127.0.0.1 with its own config and ed25519 host key (UsePAM no, key login only, forwarding allowed).
    /// Started in the foreground (-D -e) so the lab owns the process; readiness is its "Server listening" log line.
    /// Stop kills the listener and every process it forked (open connections included), each by pid.
    /// </summary>
    public sealed class PrivateSshd : IDisposable
    {
        private readonly SshLab _lab;
        private readonly string _config;
        private readonly StringBuilder _log = new StringBuilder();
        private Process? _process;

        internal PrivateSshd(SshLab lab, string name, int port)
        {
            _lab = lab;
            Name = name;
            Port = port;
            HostKeyFile = Path.Combine(lab.Directory, "host_" + name);
            _config = Path.Combine(lab.Directory, "sshd_" + name + ".conf");
            NewHostKey();
            File.WriteAllText(_config, string.Join("\n",
                $"Port {port}",
                "ListenAddress 127.0.0.1",
                $"HostKey {HostKeyFile}",
                $"AuthorizedKeysFile {lab.AuthorizedKeysFile}",
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin no",
                $"AllowUsers {SshLab.UserName}",
                "AllowTcpForwarding yes",
                "PidFile none",
                "PrintMotd no",
                "MaxStartups 100",
                "LogLevel INFO",
                ""));
        }

        public string Name { get; }
        public int Port { get; }
        public string HostKeyFile { get; }
        public string HostKeyFingerprint => SshLab.Fingerprint(HostKeyFile + ".pub");
        public SshEndpoint Endpoint => new SshEndpoint("127.0.0.1", Port, SshLab.UserName);
        public bool IsRunning => _process is { HasExited: false };
        public string Log { get { lock (_log) return _log.ToString(); } }

        /// <summary>Replaces the host key (takes effect at the next start).</summary>
        public void NewHostKey()
        {
            File.Delete(HostKeyFile);
            File.Delete(HostKeyFile + ".pub");
            _lab.NewKey(Path.GetFileName(HostKeyFile), "ed25519", "");
        }

        public void Start()
        {
            if (IsRunning) throw new InvalidOperationException($"sshd {Name} already runs.");
            var ready = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var info = new ProcessStartInfo("/usr/sbin/sshd") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-D", "-e", "-f", _config }) info.ArgumentList.Add(a);
            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            process.ErrorDataReceived += (sender, e) =>
            {
                if (e.Data == null) return;
                lock (_log) _log.AppendLine(e.Data);
                if (e.Data.Contains("Server listening on", StringComparison.Ordinal)) ready.TrySetResult(true);
            };
            process.Exited += (sender, e) => ready.TrySetResult(false);
            process.Start();
            process.BeginErrorReadLine();
            _process = process;
            if (!ready.Task.Wait(TimeSpan.FromSeconds(15)) || !ready.Task.Result)
                throw new InvalidOperationException($"sshd {Name} on port {Port} did not start:\n{Log}");
        }

        /// <summary>Kills the listener and all processes it forked (connections, sessions, their commands).</summary>
        public void Stop()
        {
            var process = _process;
            if (process == null) return;
            _process = null;
            if (!process.HasExited)
            {
                // Snapshot first: once the listener dies its children are re-parented and no longer findable.
                var descendants = Descendants(process.Id);
                process.Kill();
                foreach (var pid in descendants) KillPid(pid);
                // Only now: WaitForExit also waits for EOF on the redirected log pipe, which the children hold open.
                process.WaitForExit();
            }
            process.Dispose();
        }

        public void Restart(bool newHostKey = false)
        {
            Stop();
            if (newHostKey) NewHostKey();
            Start();
        }

        public void Dispose() => Stop();

        private static void KillPid(int pid)
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                p.Kill();
            }
            catch (ArgumentException) { } // already gone
            catch (InvalidOperationException) { }
        }

        /// <summary>Every process below <paramref name="root"/>, from /proc (snapshot taken before the root is killed).</summary>
        private static List<int> Descendants(int root)
        {
            var parents = new Dictionary<int, int>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                    parents[pid] = int.Parse(fields[1]);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            var result = new List<int>();
            var frontier = new Queue<int>(new[] { root });
            while (frontier.Count > 0)
            {
                var parent = frontier.Dequeue();
                foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
                {
                    result.Add(child);
                    frontier.Enqueue(child);
                }
            }
            return result;
        }
    }
}
