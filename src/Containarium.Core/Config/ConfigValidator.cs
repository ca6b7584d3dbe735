using Containarium.Core.Transport;
using System;
using System.Collections.Generic;
using Containarium.Core.Gce;
using Containarium.Core.Model;
using Containarium.Core.Validation;

namespace Containarium.Core.Config
{
    /// <summary>Semantic checks of a parsed config, so a hand edit that JSON accepts still fails with file and line.</summary>
    internal static class ConfigValidator
    {
        public static void Validate(ModuleConfig config, string text, string path)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < config.Backends.Count; i++)
            {
                var b = config.Backends[i];
                if (b == null) throw new ConfigException(path, $"backends[{i}] is null.", null);
                var line = LineOf(text, b.Name);
                void Fail(string what) => throw new ConfigException(path, $"backend '{b.Name}' (backends[{i}]): {what}", line);
                try
                {
                    NameRules.EnsureBackendName(b.Name);
                    if (b.Transport == TransportKind.Ssh)
                    {
                        NameRules.EnsureHostName(b.HostName);
                        NameRules.EnsurePort(b.Port);
                        NameRules.EnsureSshLogin(b.UserName);
                        if (string.IsNullOrWhiteSpace(b.KeyFile)) throw new ArgumentException("keyFile is missing.");
                        SshEndpoint.ParseChain(b.JumpHosts);
                        BackendEndpoints.All(b);
                    }
                    foreach (var tag in b.Tags) NameRules.EnsureTag(tag);
                    if (b.MaxContainers < 0) throw new ArgumentException("maxContainers must be 0 (no limit) or more.");
                    if (b.Gce != null)
                    {
                        GceNames.EnsureProject(b.Gce.Project);
                        GceNames.EnsureZone(b.Gce.Zone);
                        GceNames.EnsureResourceName(b.Gce.Instance, "gce.instance");
                    }
                    if (b.HostKeyFingerprint != null && !HostKeyFingerprint.IsValidSha256(b.HostKeyFingerprint))
                        throw new ArgumentException($"hostKeyFingerprint '{b.HostKeyFingerprint}' is not of the form SHA256:<43 base64 characters>.");
                }
                catch (ArgumentException e)
                {
                    Fail(e.Message);
                }
                if (!seen.Add(b.Name)) Fail("the name is registered twice.");
            }
            var p = config.Preferences ?? new Preferences();
            foreach (var (key, factor) in new[] { ("cpuOvercommit", p.CpuOvercommit), ("memoryOvercommit", p.MemoryOvercommit), ("diskOvercommit", p.DiskOvercommit) })
                if (double.IsNaN(factor) || factor <= 0 || factor > 100)
                    throw new ConfigException(path, $"preferences.{key} {factor} must be above 0 and at most 100.", LineOf(text, key));
        }

        /// <summary>1-based line of the first `"name": "<value>"` occurrence; null when not found.</summary>
        private static long? LineOf(string text, string? name)
        {
            if (string.IsNullOrEmpty(name)) return null;
            var needle = "\"" + name + "\"";
            var at = text.IndexOf(needle, StringComparison.Ordinal);
            if (at < 0) return null;
            long line = 1;
            for (var i = 0; i < at; i++) if (text[i] == '\n') line++;
            return line;
        }
    }
}
