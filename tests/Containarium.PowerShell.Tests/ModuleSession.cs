using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PS = System.Management.Automation.PowerShell;

namespace Containarium.PowerShell.Tests
{
    /// <summary>
    /// An in-process PowerShell session with the published module imported and a private config file,
    /// so each test starts from an empty inventory and known-hosts store.
    /// </summary>
    public sealed class ModuleSession : IDisposable
    {
        private readonly Runspace _runspace;

        public ModuleSession()
        {
            if (!File.Exists(RepoRoot.ModulePath))
                throw new InvalidOperationException($"Module not published at {RepoRoot.ModulePath}: run `dotnet pwsh ./build.ps1 -Task Publish` first.");
            StateDirectory = Path.Combine(Path.GetTempPath(), "ctr-test-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            Directory.CreateDirectory(StateDirectory);
            ConfigPath = Path.Combine(StateDirectory, "config.json");
            Environment.SetEnvironmentVariable("CONTAINARIUM_CONFIG", ConfigPath);
            var iss = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows()) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass; // not supported elsewhere
            _runspace = RunspaceFactory.CreateRunspace(iss);
            _runspace.Open();
            Run($"Import-Module '{RepoRoot.ModulePath}' -ErrorAction Stop");
        }

        public string StateDirectory { get; }
        public string ConfigPath { get; }
        public string KnownHostsPath => Path.Combine(StateDirectory, "known_hosts");

        public sealed class Result
        {
            public Collection Output { get; init; } = new Collection();
            public List<ErrorRecord> Errors { get; init; } = new List<ErrorRecord>();
            public List<string> Warnings { get; init; } = new List<string>();
            public Exception? Terminating { get; init; }
        }

        public sealed class Collection : List<PSObject>
        {
            public IEnumerable<object?> Values(string property) => this.Select(o => o.Properties[property]?.Value);
        }

        /// <summary>Runs a script; terminating errors are captured in <see cref="Result.Terminating"/>, not thrown.</summary>
        public Result Run(string script, IDictionary<string, object?>? variables = null)
        {
            using var ps = PS.Create();
            ps.Runspace = _runspace;
            if (variables != null)
                foreach (var kv in variables) _runspace.SessionStateProxy.SetVariable(kv.Key, kv.Value);
            ps.AddScript(script);
            var output = new Collection();
            Exception? terminating = null;
            try { output.AddRange(ps.Invoke()); }
            catch (RuntimeException e) { terminating = e; }
            return new Result
            {
                Output = output,
                Errors = ps.Streams.Error.ToList(),
                Warnings = ps.Streams.Warning.Select(w => w.Message).ToList(),
                Terminating = terminating,
            };
        }

        /// <summary>Like <see cref="Run(string, IDictionary{string, object})"/>, but <paramref name="stop"/> stops the pipeline (as Ctrl+C does).</summary>
        public Result Run(string script, System.Threading.CancellationToken stop)
        {
            using var ps = PS.Create();
            ps.Runspace = _runspace;
            ps.AddScript(script);
            var output = new Collection();
            Exception? terminating = null;
            using (stop.Register(() => ps.Stop()))
            {
                try { output.AddRange(ps.Invoke()); }
                catch (RuntimeException e) { terminating = e; }
            }
            return new Result
            {
                Output = output,
                Errors = ps.Streams.Error.ToList(),
                Warnings = ps.Streams.Warning.Select(w => w.Message).ToList(),
                Terminating = terminating,
            };
        }

        /// <summary>
        /// Runs a script and stops it (as Ctrl+C does) as soon as <paramref name="stopWhen"/> holds, polled every 20 ms;
        /// returns whether the stop was sent before the script ended by itself.
        /// </summary>
        public bool RunAndStop(string script, Func<bool> stopWhen, TimeSpan timeout)
        {
            using var ps = PS.Create();
            ps.Runspace = _runspace;
            ps.AddScript(script);
            var running = ps.BeginInvoke();
            var deadline = DateTime.UtcNow + timeout;
            var stopped = false;
            while (!running.IsCompleted && DateTime.UtcNow < deadline)
            {
                if (stopWhen()) { ps.Stop(); stopped = true; break; }
                System.Threading.Thread.Sleep(20);
            }
            try { ps.EndInvoke(running); }
            catch (PipelineStoppedException) { }
            catch (RuntimeException) { }
            return stopped;
        }

        /// <summary>Registers a lab backend directly (no jump) under its lab name.</summary>
        public Result Register(Lab.Host b, string extra = "") =>
            Run($"Register-CtrBackend -Name {b.Name} -HostName {b.HostName} -Port {b.Port} -UserName {b.User} -KeyFile '{b.KeyFile}' {extra}");

        public void Dispose()
        {
            try { Run("Remove-Module Containarium -ErrorAction SilentlyContinue"); } catch (Exception) { }
            _runspace.Dispose();
            try { Directory.Delete(StateDirectory, true); } catch (IOException) { }
        }
    }
}
