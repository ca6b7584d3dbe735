using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace Containarium.SshLab
{
    /// <summary>
    /// A throw-away SSH lab on loopback: a temp directory with client keys and an authorized_keys file, a local login
    /// account (created idempotently, /bin/sh, password field '*', no subordinate id ranges), and any number of private
    /// sshd instances (<see cref="PrivateSshd"/>). Needs root (sshd runs as root to log users in).
    /// </summary>
    public sealed class SshLab : IDisposable
    {
        public const string UserName = "ctrtest";
        public const string Passphrase = "correct horse battery";

        private readonly List<PrivateSshd> _servers = new List<PrivateSshd>();

        public SshLab()
        {
            Directory = Path.Combine(Path.GetTempPath(), "ctr-sshlab-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            System.IO.Directory.CreateDirectory(Directory);
            File.SetUnixFileMode(Directory, (UnixFileMode)0x1ED); // 755: the login user reads test files here
            System.IO.Directory.CreateDirectory("/run/sshd");
            EnsureUser();
            KeyFile = NewKey("id_ed25519", "ed25519", "");
            PassphraseKeyFile = NewKey("id_ed25519_pass", "ed25519", Passphrase);
            PemRsaKeyFile = NewKey("id_rsa_pem", "rsa", "", "-m", "PEM", "-b", "2048");
            UnauthorizedKeyFile = NewKey("id_unauthorized", "ed25519", "");
            AuthorizedKeysFile = Path.Combine(Directory, "authorized_keys");
            File.WriteAllText(AuthorizedKeysFile,
                File.ReadAllText(KeyFile + ".pub") + File.ReadAllText(PassphraseKeyFile + ".pub") + File.ReadAllText(PemRsaKeyFile + ".pub"));
        }

        public string Directory { get; }
        public string KeyFile { get; }
        public string PassphraseKeyFile { get; }
        public string PemRsaKeyFile { get; }
        public string UnauthorizedKeyFile { get; }
        public string AuthorizedKeysFile { get; }

        /// <summary>A fresh path for a known_hosts file, in a directory that does not exist yet.</summary>
        public string NewKnownHostsPath() => Path.Combine(Directory, "kh-" + Guid.NewGuid().ToString("N").Substring(0, 8), "known_hosts");

        public PrivateSshd StartSshd(string name, int? port = null)
        {
            var server = new PrivateSshd(this, name, port ?? FreePort());
            lock (_servers) _servers.Add(server);
            server.Start();
            return server;
        }

        public static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>Runs a program to completion and returns its stdout; throws with stderr when it fails.</summary>
        public static string Run(string program, params string[] args)
        {
            var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (var a in args) info.ArgumentList.Add(a);
            using var p = Process.Start(info)!;
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(" ", args)} exited {p.ExitCode}: {stderr}");
            return stdout.Result;
        }

        /// <summary>"SHA256:…" of a public key file, as ssh-keygen prints it.</summary>
        public static string Fingerprint(string publicKeyFile) => Run("ssh-keygen", "-lf", publicKeyFile).Split(' ')[1];

        internal string NewKey(string name, string type, string passphrase, params string[] extra)
        {
            var path = Path.Combine(Directory, name);
            var args = new List<string> { "-q", "-t", type, "-N", passphrase, "-C", name, "-f", path };
            args.AddRange(extra);
            Run("ssh-keygen", args.ToArray());
            return path;
        }

        private static void EnsureUser()
        {
            if (UserExists()) return;
            try
            {
                Run("useradd", "-m", "-s", "/bin/sh", "-p", "*", "-K", "SUB_UID_COUNT=0", "-K", "SUB_GID_COUNT=0", UserName);
            }
            catch (InvalidOperationException) when (UserExists())
            {
                // Created concurrently by another lab.
            }
        }

        private static bool UserExists()
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
                if (line.StartsWith(UserName + ":", StringComparison.Ordinal)) return true;
            return false;
        }

        public void Dispose()
        {
            lock (_servers)
            {
                foreach (var s in _servers) s.Dispose();
                _servers.Clear();
            }
            try { System.IO.Directory.Delete(Directory, recursive: true); }
            catch (IOException) { }
        }
    }
}
