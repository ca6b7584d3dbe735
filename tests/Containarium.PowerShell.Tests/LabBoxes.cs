using System.Diagnostics;
using System.IO;

namespace Containarium.PowerShell.Tests
{
    /// <summary>Direct access to the lab for checks and clean-up: shell, Incus per backend, keys, real SSH logins.</summary>
    public static class LabBoxes
    {
        public static string Sh(string script) => Sh(script, out _);

        public static string Sh(string script, out int exitCode)
        {
            var psi = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            exitCode = p.ExitCode;
            return output;
        }

        /// <summary>Runs `incus ARGS` against one backend's daemon, as the host itself would.</summary>
        public static string Incus(Lab.Host backend, string args) => Sh($"INCUS_DIR={backend.IncusDir} incus {args} </dev/null").Trim();

        /// <summary>Deletes every instance and host account whose name starts with <paramref name="run"/> (this test's own).</summary>
        public static void Cleanup(Lab lab, string run)
        {
            foreach (var b in lab.Backends)
            {
                var env = $"INCUS_DIR={b.IncusDir}";
                Sh($"for n in $({env} incus list -c n --format csv {run} </dev/null); do {env} incus delete -f \"$n\" </dev/null; done");
            }
            Sh($"for u in $(getent passwd | cut -d: -f1 | grep '^{run}'); do pkill -KILL -u \"$u\" || true; userdel -r \"$u\" 2>/dev/null || true; done");
        }

        /// <summary>A fresh ed25519 key pair; returns the private key path (the public key is next to it, .pub).</summary>
        public static string NewKey(string directory, string name)
        {
            var path = Path.Combine(directory, name);
            Sh($"ssh-keygen -q -t ed25519 -N '' -C {name}@test -f '{path}'");
            return path;
        }

        /// <summary>
        /// Logs in to a box as its owner with the real OpenSSH client, through the backend's tunnel-only account
        /// (ProxyCommand -W to the box's proxied sshd), and runs <paramref name="command"/>. Returns the output.
        /// </summary>
        public static string SshIntoBox(Lab.Host backend, string user, int port, string key, string command, out int exitCode)
        {
            var common = $"-o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o IdentitiesOnly=yes -i '{key}'";
            return Sh($"ssh {common} -o ProxyCommand=\"ssh {common} -W %h:%p -p {backend.Port} {user}@{backend.HostName}\" -p {port} {user}@127.0.0.1 '{command}' </dev/null", out exitCode);
        }
    }
}
