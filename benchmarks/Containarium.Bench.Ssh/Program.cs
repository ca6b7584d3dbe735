using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Transport;
using Containarium.SshLab;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Containarium.Bench.Ssh
{
    /// <summary>
    /// Measures, side by side in one run against one private sshd on 127.0.0.1:
    ///   exec round trip: SshTransport on a reused connection vs a new OpenSSH `ssh` process per command
    ///                    (and, for reference, OpenSSH reusing a ControlMaster connection);
    ///   throughput:      download (stdout into a sink) and upload (stdin) via SshTransport vs `ssh host cat`.
    /// Options: --execs N (200) --processes N (30) --mib N (512) --rounds N (3). Needs root (sshd, useradd).
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            var execs = Option(args, "--execs", 200);
            var processes = Option(args, "--processes", 30);
            var mib = Option(args, "--mib", 512);
            var rounds = Option(args, "--rounds", 3);
            long bytes = (long)mib * 1024 * 1024;

            using var lab = new SshLab.SshLab();
            using var sshd = lab.StartSshd("bench");
            var knownHosts = lab.NewKnownHostsPath();
            using var ssh = new SshTransport(new SshConnectionSettings(sshd.Endpoint, lab.KeyFile) { KnownHostsPath = knownHosts });
            var openSsh = new OpenSsh(lab, sshd, knownHosts);
            // SSH.NET 2026.0.0 negotiates aes128-ctr + hmac-sha2-256 with this sshd, OpenSSH chacha20-poly1305: compare both.
            var openSshSameCipher = new OpenSsh(lab, sshd, knownHosts, "-c", "aes128-ctr", "-m", "hmac-sha2-256");
            Console.WriteLine($"sshd {sshd.Endpoint}; {Environment.ProcessorCount} cores; {SshLab.SshLab.Run("/bin/sh", "-c", "ssh -V 2>&1").Trim()}");

            var connect = await Time(() => ssh.ConnectAsync(CancellationToken.None));
            Console.WriteLine($"SshTransport connect (TCP + kex + auth + host key recorded): {Ms(connect)}");
            Console.WriteLine();

            // Warm-up both sides (JIT, page cache, sshd).
            for (var i = 0; i < 20; i++) await ssh.RunAsync(new RemoteCommand("true"), CancellationToken.None);
            openSsh.Exec("true");

            var reused = await Time(async () =>
            {
                for (var i = 0; i < execs; i++) await ssh.RunAsync(new RemoteCommand("true"), CancellationToken.None);
            }) / execs;
            var perProcess = Time(() =>
            {
                for (var i = 0; i < processes; i++) openSsh.Exec("true");
            }) / processes;
            TimeSpan multiplexed;
            using (openSsh.StartControlMaster())
            {
                openSsh.Exec("true", multiplexed: true);
                multiplexed = Time(() =>
                {
                    for (var i = 0; i < processes; i++) openSsh.Exec("true", multiplexed: true);
                }) / processes;
            }
            var parallel = await Time(async () =>
            {
                for (var round = 0; round < execs / 20; round++)
                    await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ssh.RunAsync(new RemoteCommand("true"), CancellationToken.None)));
            }) / (execs / 20 * 20);

            Console.WriteLine("exec round trip (`true`), mean per command");
            Row("SshTransport, reused connection", Ms(reused), $"{execs} sequential");
            Row("ssh process per command", Ms(perProcess), $"{processes} runs; {Ratio(perProcess, reused)} slower than SshTransport");
            Row("ssh via ControlMaster (reference)", Ms(multiplexed), $"{processes} runs; {Ratio(multiplexed, reused)} SshTransport's time");
            Row("SshTransport, 20 in parallel", Ms(parallel), $"effective per command; {1 / parallel.TotalSeconds:F0} commands/s");
            Console.WriteLine();

            var producer = $"head -c {bytes} /dev/zero";
            var rates = new Dictionary<string, List<double>>();
            void Add(string key, TimeSpan elapsed)
            {
                if (!rates.TryGetValue(key, out var list)) rates[key] = list = new List<double>();
                list.Add(Rate(bytes, elapsed));
            }
            for (var round = 0; round < rounds; round++)
            {
                var sink = new CountingSink();
                Add("down", await Time(() => ssh.RunAsync(new RemoteCommand(producer) { StandardOutputSink = sink }, CancellationToken.None)));
                if (sink.Count != bytes) throw new InvalidOperationException($"downloaded {sink.Count} of {bytes} bytes");
                Add("down-ssh", Time(() => openSsh.Shell($"{openSsh.Command} {Quote(producer)} > /dev/null")));
                Add("down-ssh-aes", Time(() => openSshSameCipher.Shell($"{openSshSameCipher.Command} {Quote(producer)} > /dev/null")));

                var result = default(CommandResult);
                Add("up", await Time(async () =>
                    result = await ssh.RunAsync(new RemoteCommand("wc -c") { StandardInput = new ZeroSource(bytes) }, CancellationToken.None)));
                if (result!.StandardOutput.Trim() != bytes.ToString(CultureInfo.InvariantCulture)) throw new InvalidOperationException("upload lost bytes: " + result.StandardOutput);
                Add("up-ssh", Time(() => openSsh.Shell($"{producer} | {openSsh.Command} 'wc -c > /dev/null'")));
                Add("up-ssh-aes", Time(() => openSshSameCipher.Shell($"{producer} | {openSshSameCipher.Command} 'wc -c > /dev/null'")));
            }
            // "net": the ssh process's time minus its mean exec round trip (its handshake), so only the transfer counts.
            double Net(double rate) => bytes / (bytes / rate / 1e6 - perProcess.TotalSeconds) / 1e6;
            void Compare(string label, string ours, string theirs)
            {
                var a = Median(rates[ours]);
                var b = Median(rates[theirs]);
                Row(label, $"{b:F0} MB/s", $"net {Net(b):F0} MB/s; SshTransport = {a / b:F2}x (net {a / Net(b):F2}x)");
            }
            Console.WriteLine($"throughput, {mib} MiB of zeros, median of {rounds} runs (MB/s = 10^6 bytes/s)");
            Row("download: SshTransport, stdout into a sink", $"{Median(rates["down"]):F0} MB/s", "aes128-ctr + hmac-sha2-256 (negotiated)");
            Compare("download: ssh host 'head …' (chacha20-poly1305)", "down", "down-ssh");
            Compare("download: ssh -c aes128-ctr -m hmac-sha2-256", "down", "down-ssh-aes");
            Row("upload: SshTransport, stdin", $"{Median(rates["up"]):F0} MB/s", "");
            Compare("upload: head … | ssh host 'wc -c' (chacha20)", "up", "up-ssh");
            Compare("upload: ssh -c aes128-ctr -m hmac-sha2-256", "up", "up-ssh-aes");
            Console.WriteLine();
            Console.WriteLine($"SSH handshakes by SshTransport in this run: {ssh.HandshakeCount} (process-wide {SshTransport.TotalHandshakeCount}) for {execs * 2 + 20 + rounds * 2} commands");
            return 0;
        }

        private static int Option(string[] args, string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        private static async Task<TimeSpan> Time(Func<Task> action)
        {
            var clock = Stopwatch.StartNew();
            await action();
            return clock.Elapsed;
        }

        private static TimeSpan Time(Action action)
        {
            var clock = Stopwatch.StartNew();
            action();
            return clock.Elapsed;
        }

        private static double Rate(long bytes, TimeSpan elapsed) => bytes / elapsed.TotalSeconds / 1e6;
        private static double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
        private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F2} ms";
        private static string Ratio(TimeSpan a, TimeSpan b) => $"{a.TotalMilliseconds / b.TotalMilliseconds:F1}x";
        private static string Quote(string s) => ShellQuote.Quote(s);
        private static void Row(string what, string value, string note) => Console.WriteLine($"  {what,-50} {value,10}   {note}");

        /// <summary>The OpenSSH client against the same sshd, key and known_hosts file (written by SshTransport).</summary>
        private sealed class OpenSsh
        {
            private readonly string _socket;

            public OpenSsh(SshLab.SshLab lab, PrivateSshd sshd, string knownHosts, params string[] extra)
            {
                _socket = Path.Combine(lab.Directory, "cm.sock");
                Arguments = new List<string>
                {
                    "-F", "/dev/null", "-i", lab.KeyFile, "-p", sshd.Port.ToString(CultureInfo.InvariantCulture),
                    "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                    "-o", "LogLevel=ERROR",
                };
                Arguments.AddRange(extra);
                Arguments.Add(SshLab.SshLab.UserName + "@127.0.0.1");
                Command = "ssh " + string.Join(" ", Arguments.Select(ShellQuote.Quote));
            }

            public List<string> Arguments { get; }

            /// <summary>The ssh invocation as a shell word list (for pipelines run through /bin/sh).</summary>
            public string Command { get; }

            public void Exec(string remote, bool multiplexed = false)
            {
                var args = new List<string> { "-n" };
                if (multiplexed) args.AddRange(new[] { "-S", _socket });
                args.AddRange(Arguments);
                args.Add(remote);
                SshLab.SshLab.Run("ssh", args.ToArray());
            }

            public void Shell(string script) => SshLab.SshLab.Run("/bin/sh", "-c", script);

            /// <summary>A ControlMaster connection for the block; closed with `ssh -O exit` (the master leaves by protocol).</summary>
            public IDisposable StartControlMaster()
            {
                var args = new List<string> { "-M", "-S", _socket, "-o", "ControlPersist=60", "-N" }; // ControlPersist detaches the master with its stdio on /dev/null
                args.AddRange(Arguments);
                SshLab.SshLab.Run("ssh", args.ToArray());
                return new Closer(() => SshLab.SshLab.Run("ssh", "-F", "/dev/null", "-S", _socket, "-O", "exit", "127.0.0.1"));
            }
        }

        private sealed class Closer : IDisposable
        {
            private readonly Action _close;
            public Closer(Action close) => _close = close;
            public void Dispose() => _close();
        }
    }
}
