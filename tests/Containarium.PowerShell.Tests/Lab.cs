using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Containarium.PowerShell.Tests
{
    /// <summary>The running local lab (tests/lab/start.sh): backends b1..bN behind sshd on 127.0.0.1 plus a jump host.</summary>
    public sealed class Lab
    {
        public sealed class Host
        {
            public string Name { get; init; } = "";
            public string HostName { get; init; } = "";
            public int Port { get; init; }
            public string User { get; init; } = "";
            public string KeyFile { get; init; } = "";
            public string IncusDir { get; init; } = "";
            public string HostKeyFingerprint { get; init; } = "";
        }

        public static string Directory => Environment.GetEnvironmentVariable("CTR_LAB_DIR") ?? "/var/lib/containarium-lab";

        private static readonly Lazy<Lab> Current = new Lazy<Lab>(Load);
        public static Lab Instance => Current.Value;

        public IReadOnlyList<Host> Backends { get; private set; } = Array.Empty<Host>();
        public Host Jump { get; private set; } = new Host();
        public string Image { get; private set; } = "debian12";

        private static Lab Load()
        {
            var path = Path.Combine(Directory, "lab.json");
            if (!File.Exists(path))
                throw new InvalidOperationException($"The lab is not running ({path} missing): run `bash tests/lab/start.sh` or `dotnet pwsh ./build.ps1 -Task Test`.");
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            Host Read(JsonElement e, string name) => new Host
            {
                Name = name,
                HostName = e.GetProperty("host").GetString()!,
                Port = e.GetProperty("port").GetInt32(),
                User = e.GetProperty("user").GetString()!,
                KeyFile = e.TryGetProperty("keyFile", out var k) ? k.GetString()! : Path.Combine(Directory, "keys", "admin_ed25519"),
                IncusDir = e.TryGetProperty("incusDir", out var d) ? d.GetString()! : "",
                HostKeyFingerprint = e.GetProperty("hostKeyFingerprint").GetString()!,
            };
            var lab = new Lab
            {
                Backends = root.GetProperty("backends").EnumerateArray().Select(b => Read(b, b.GetProperty("name").GetString()!)).ToList(),
                Image = root.TryGetProperty("image", out var img) ? img.GetString()! : "debian12",
            };
            var jump = root.GetProperty("jump");
            lab.Jump = Read(jump, "jump");
            if (lab.Jump.KeyFile.Length == 0) lab.Jump = lab.Jump;
            return lab;
        }

        public Host Backend(string name) => Backends.First(b => b.Name == name);

        /// <summary>
        /// The uninitialised host of tests/lab/bare.sh, reset to uninitialised (its daemon restarted on an empty
        /// INCUS_DIR), read from lab.json's "bare" key.
        /// </summary>
        public static Host ResetBare()
        {
            Script("bare.sh", "reset");
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "lab.json")));
            var e = doc.RootElement.GetProperty("bare");
            return new Host
            {
                Name = e.GetProperty("name").GetString()!,
                HostName = e.GetProperty("host").GetString()!,
                Port = e.GetProperty("port").GetInt32(),
                User = e.GetProperty("user").GetString()!,
                KeyFile = e.GetProperty("keyFile").GetString()!,
                IncusDir = e.GetProperty("incusDir").GetString()!,
                HostKeyFingerprint = e.GetProperty("hostKeyFingerprint").GetString()!,
            };
        }

        /// <summary>Runs a lab script (e.g. "sshd.sh stop jump") and fails the test if it fails.</summary>
        public static void Script(string script, params string[] args)
        {
            var path = Path.Combine(RepoRoot.Path, "tests", "lab", script);
            var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(path);
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{script} {string.Join(" ", args)} failed ({p.ExitCode}): {output}");
        }
    }

    public static class RepoRoot
    {
        public static readonly string Path = Find();

        private static string Find()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Containarium.psd1"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Repository root (Containarium.psd1) not found above " + AppContext.BaseDirectory);
        }

        public static string ModulePath => System.IO.Path.Combine(Path, "out", "Containarium", "Containarium.psd1");
    }
}
