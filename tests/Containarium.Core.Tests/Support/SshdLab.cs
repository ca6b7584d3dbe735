using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Containarium.Core.Tests.Support
{
    /// <summary>
    /// One throw-away OpenSSH server on 127.0.0.1 (own host key, config and authorized_keys in a temp folder),
    /// logging in as the account running the tests. Used to prove what authorized_keys options really allow.
    /// </summary>
    public sealed class SshdLab : IDisposable
    {
        private readonly Process _process;

        public SshdLab(string authorizedKeys, string extraConfig = "")
        {
            Dir = Directory.CreateTempSubdirectory("ctr-sshd-").FullName;
            Directory.CreateDirectory("/run/sshd"); // sshd's privilege-separation directory (created by its service normally)
            var hostKey = Path.Combine(Dir, "host_key");
            var keygen = Tool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey);
            if (keygen.ExitCode != 0) throw new InvalidOperationException(keygen.Stderr);
            File.WriteAllText(Path.Combine(Dir, "authorized_keys"), authorizedKeys);
            Port = FreePort();
            var config = Path.Combine(Dir, "sshd_config");
            File.WriteAllText(config,
                $"Port {Port}\nListenAddress 127.0.0.1\nHostKey {hostKey}\nAuthorizedKeysFile {Dir}/authorized_keys\nPidFile {Dir}/sshd.pid\n" +
                "StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n" +
                "LogLevel VERBOSE\n" + extraConfig);
            var psi = new ProcessStartInfo("/usr/sbin/sshd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "-D", "-e", "-f", config }) psi.ArgumentList.Add(a);
            _process = Process.Start(psi)!;
            _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (Log) Log.AppendLine(e.Data); };
            _process.BeginErrorReadLine();
            WaitForPort(Port);
        }

        public string Dir { get; }
        public int Port { get; }
        public System.Text.StringBuilder Log { get; } = new System.Text.StringBuilder();

        /// <summary>Client options for a non-interactive, key-only connection that trusts this throw-away host key.</summary>
        public static string[] ClientOptions(string identityFile) => new[]
        {
            "-F", "/dev/null", "-i", identityFile, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
        };

        public static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        private void WaitForPort(int port)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited) throw new InvalidOperationException("sshd exited: " + Log);
                try
                {
                    using var c = new TcpClient();
                    c.Connect(IPAddress.Loopback, port);
                    return;
                }
                catch (SocketException) { Thread.Sleep(50); }
            }
            throw new TimeoutException("sshd did not listen: " + Log);
        }

        public void Dispose()
        {
            try { if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(5000); } }
            finally
            {
                _process.Dispose();
                Directory.Delete(Dir, true);
            }
        }
    }

    /// <summary>A TCP "service" that greets every connection with one line, standing in for a box's sshd port.</summary>
    public sealed class GreetingServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly Thread _thread;

        public GreetingServer(string greeting)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _thread = new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        using var client = _listener.AcceptTcpClient();
                        var bytes = System.Text.Encoding.ASCII.GetBytes(greeting + "\n");
                        client.GetStream().Write(bytes, 0, bytes.Length);
                    }
                }
                catch (SocketException) { } // listener stopped
                catch (ObjectDisposedException) { }
            }) { IsBackground = true };
            _thread.Start();
        }

        public int Port { get; }

        public void Dispose() => _listener.Stop();
    }
}
