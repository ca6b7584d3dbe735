using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;

namespace Containarium.Core.Config
{
    /// <summary>
    /// Reads and writes the module's config file. Writes are atomic (temp file + rename), serialized across
    /// processes by a lock file, re-read under the lock so two sessions never lose each other's change,
    /// and refused when the current file is corrupt (it is never overwritten silently).
    /// </summary>
    public sealed class ConfigStore
    {
        public const string EnvironmentVariable = "CONTAINARIUM_CONFIG";
        private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(15);

        internal static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            WriteIndented = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter() },
        };

        public ConfigStore(string path)
        {
            if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("Config path is empty.", nameof(path));
            Path = System.IO.Path.GetFullPath(path);
        }

        public string Path { get; }

        /// <summary>$env:CONTAINARIUM_CONFIG, else ~/.config/containarium/config.json.</summary>
        public static string DefaultPath()
        {
            var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnv)) return fromEnv!;
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return System.IO.Path.Combine(home, ".config", "containarium", "config.json");
        }

        public static ConfigStore Default() => new ConfigStore(DefaultPath());

        /// <summary>Directory for the module's other state files (known hosts) beside the config.</summary>
        public string StateDirectory => System.IO.Path.GetDirectoryName(Path)!;

        public string KnownHostsPath => System.IO.Path.Combine(StateDirectory, "known_hosts");

        /// <summary>Reads the config; a missing file is an empty inventory.</summary>
        public ModuleConfig Load()
        {
            string text;
            try
            {
                if (!File.Exists(Path)) return new ModuleConfig();
                text = File.ReadAllText(Path, Encoding.UTF8);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ConfigException(Path, "cannot be read: " + e.Message, null, e);
            }
            return Parse(text);
        }

        internal ModuleConfig Parse(string text)
        {
            if (text.Trim().Length == 0) throw new ConfigException(Path, "is empty; expected a JSON object. Fix or delete the file.", 1);
            ModuleConfig? config;
            try
            {
                config = JsonSerializer.Deserialize<ModuleConfig>(text, JsonOptions);
            }
            catch (JsonException e)
            {
                var line = e.LineNumber.HasValue ? e.LineNumber.Value + 1 : (long?)null;
                var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" (at {e.Path})";
                throw new ConfigException(Path, $"is not a valid Containarium config{where}: {FirstSentence(e.Message)}", line, e);
            }
            if (config == null) throw new ConfigException(Path, "holds 'null'; expected a JSON object.", 1);
            if (config.Version > ModuleConfig.CurrentVersion)
                throw new ConfigException(Path, $"was written by a newer module (format version {config.Version}); this module reads version {ModuleConfig.CurrentVersion}.");
            ConfigValidator.Validate(config, text, Path);
            return config;
        }

        /// <summary>Applies a change under the cross-process lock and writes the file atomically.</summary>
        public T Update<T>(Func<ModuleConfig, T> change)
        {
            Directory.CreateDirectory(StateDirectory);
            using (AcquireLock())
            {
                var config = Load();
                var result = change(config);
                Write(config);
                return result;
            }
        }

        private void Write(ModuleConfig config)
        {
            var json = JsonSerializer.Serialize(config, JsonOptions);
            var temp = Path + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    UnixFileMode.Restrict(temp);
                    var bytes = new UTF8Encoding(false).GetBytes(json + "\n");
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }
                if (File.Exists(Path)) File.Replace(temp, Path, null);
                else File.Move(temp, Path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                TryDelete(temp);
                throw new ConfigException(Path, "cannot be written: " + e.Message, null, e);
            }
        }

        private IDisposable AcquireLock()
        {
            var lockPath = Path + ".lock";
            var deadline = DateTime.UtcNow + LockWait;
            while (true)
            {
                try
                {
                    // FileShare.None is an exclusive advisory lock on Unix (flock) and a real share lock on Windows.
                    var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    UnixFileMode.Restrict(lockPath);
                    return stream;
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(25);
                }
                catch (IOException e)
                {
                    throw new ConfigException(Path, $"is locked by another session (lock file {lockPath}) for more than {LockWait.TotalSeconds:0} s.", null, e);
                }
            }
        }

        private static void TryDelete(string path)
        {
            try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private static string FirstSentence(string message)
        {
            var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
            return cut > 0 ? message.Substring(0, cut) : message;
        }
    }

    /// <summary>chmod 600 on Unix (netstandard2.0 has no File.SetUnixFileMode).</summary>
    internal static class UnixFileMode
    {
        [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
        private static extern int chmod(string path, uint mode);

        public static void Restrict(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            if (chmod(path, 0x180 /* 0600 */) != 0)
                throw new IOException($"chmod 600 failed on {path} (errno {Marshal.GetLastWin32Error()}).");
        }
    }
}
