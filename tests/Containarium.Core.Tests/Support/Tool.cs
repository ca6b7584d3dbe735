using System.Diagnostics;

namespace Containarium.Core.Tests.Support
{
    /// <summary>Runs a real program (ssh, ssh-keygen, sshd) and returns what it printed.</summary>
    public static class Tool
    {
        public static (int ExitCode, string Stdout, string Stderr) Run(string file, params string[] args)
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(30_000)) { p.Kill(true); throw new System.TimeoutException($"{file} did not finish in 30 s"); }
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
