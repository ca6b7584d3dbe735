using System;
using System.Collections;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace Containarium.HelpBuilder.Tests
{
    /// <summary>Runs a child process to completion and returns what it printed.</summary>
    internal static class ProcessRunner
    {
        public static (int ExitCode, string Out, string Err) Run(string file, string workingDirectory, TimeSpan timeout, params string[] args)
        {
            var psi = new ProcessStartInfo(file)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var a in args) psi.ArgumentList.Add(a);
            // A nested dotnet must not inherit the test host's MSBuild or test-platform settings.
            foreach (var key in psi.Environment.Keys.ToList())
                if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                    psi.Environment.Remove(key);
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            psi.Environment["DOTNET_NOLOGO"] = "1";
            // No lingering build nodes: they would hold the output pipes open after the build ends.
            psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";

            using var process = Process.Start(psi)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(" ", args)} did not finish in {timeout}");
            }
            // A grandchild that outlives the process may keep a pipe open: don't wait on it for long.
            Task.WaitAll(new Task[] { stdout, stderr }, TimeSpan.FromSeconds(10));
            if (!stdout.IsCompleted || !stderr.IsCompleted)
                return (process.ExitCode, stdout.IsCompleted ? stdout.Result : "(output still open)", stderr.IsCompleted ? stderr.Result : "");
            return (process.ExitCode, stdout.Result, stderr.Result);
        }

        public static (int ExitCode, string Out, string Err) Dotnet(string workingDirectory, TimeSpan timeout, params string[] args) =>
            Run(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet", workingDirectory, timeout, args);
    }
}
