using System.Diagnostics;

namespace Containarium.PowerShell.Tests
{
    /// <summary>Runs a host-side `sh -c` script for test set-up and checks, returning stdout and stderr together.</summary>
    public static class Shell
    {
        public static string Run(string script)
        {
            var psi = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return output;
        }
    }
}
