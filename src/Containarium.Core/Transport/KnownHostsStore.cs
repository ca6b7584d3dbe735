using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Containarium.Core.Model;

namespace Containarium.Core.Transport
{
    /// <summary>One public key filed for a host in known_hosts.</summary>
    public sealed class KnownHostKey
    {
        internal KnownHostKey(string keyType, byte[] blob, bool isRevoked)
        {
            KeyType = keyType;
            Blob = blob;
            IsRevoked = isRevoked;
            Fingerprint = HostKeyFingerprint.Sha256(blob);
        }

        public string KeyType { get; }
        public byte[] Blob { get; }
        public string Fingerprint { get; }

        /// <summary>The line carries the @revoked marker: this key must be refused.</summary>
        public bool IsRevoked { get; }

        internal bool Matches(byte[] blob) => Blob.Length == blob.Length && Blob.SequenceEqual(blob);
    }

    /// <summary>
    /// An OpenSSH-format known_hosts file: "host[,host…] keytype base64 [comment]" lines, "[host]:port" for ports other
    /// than 22. Reads plain, wildcard, negated and hashed (|1|salt|hash) host patterns and the @revoked marker
    /// (@cert-authority lines are ignored). Writes take a lock (in-process and a .lock file for other processes), then
    /// write a temporary file with mode 600 and rename it over the original, so readers never see a half-written file.
    /// </summary>
    public sealed class KnownHostsStore
    {
        private static readonly ConcurrentDictionary<string, object> ProcessLocks = new ConcurrentDictionary<string, object>(StringComparer.Ordinal);
        private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

        public KnownHostsStore(string path)
        {
            if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("known_hosts path is empty.", nameof(path));
            Path = System.IO.Path.GetFullPath(path);
        }

        public string Path { get; }

        /// <summary>All keys filed for a host name as written in known_hosts ("host" or "[host]:port").</summary>
        public IReadOnlyList<KnownHostKey> GetKeys(string knownHostsName) => Find(ReadLines(), knownHostsName);

        /// <summary>Records a key for a host unless the very same key is already filed for it. Returns true when a line was added.</summary>
        public bool Add(string knownHostsName, byte[] keyBlob)
        {
            var line = FormatLine(knownHostsName, keyBlob);
            return Update(lines =>
            {
                if (Find(lines, knownHostsName).Any(k => !k.IsRevoked && k.Matches(keyBlob))) return false;
                lines.Add(line);
                return true;
            });
        }

        /// <summary>All keys filed for an SSH endpoint (under its <see cref="SshEndpoint.KnownHostsName"/>).</summary>
        public IReadOnlyList<KnownHostKey> GetKeys(SshEndpoint endpoint) => GetKeys(endpoint.KnownHostsName);

        /// <summary>Forgets an endpoint's host keys (e.g. when its backend is unregistered). Returns how many were removed.</summary>
        public int Remove(SshEndpoint endpoint) => Remove(endpoint.KnownHostsName);

        /// <summary>
        /// Removes the host name from every line that names it exactly (plain or hashed), dropping lines that name no other
        /// host. Wildcard patterns are left alone. Returns the number of host keys the name no longer has.
        /// </summary>
        public int Remove(string knownHostsName)
        {
            var removed = 0;
            Update(lines =>
            {
                for (var i = lines.Count - 1; i >= 0; i--)
                {
                    var entry = Entry.Parse(lines[i]);
                    if (entry == null) continue;
                    var kept = entry.Patterns.Where(p => !NamesExactly(p, knownHostsName)).ToList();
                    if (kept.Count == entry.Patterns.Count) continue;
                    removed++;
                    if (kept.Count == 0) lines.RemoveAt(i);
                    else lines[i] = entry.WithPatterns(kept);
                }
                return removed > 0;
            });
            return removed;
        }

        /// <summary>
        /// Trust on first use, atomically: when no key is filed for the host the key is recorded and an empty list is returned;
        /// otherwise the keys already filed (possibly by a concurrent writer a moment ago) are returned and nothing changes.
        /// </summary>
        internal IReadOnlyList<KnownHostKey> RecordIfUnknown(string knownHostsName, byte[] keyBlob)
        {
            IReadOnlyList<KnownHostKey> existing = Array.Empty<KnownHostKey>();
            var line = FormatLine(knownHostsName, keyBlob);
            Update(lines =>
            {
                existing = Find(lines, knownHostsName);
                if (existing.Count > 0) return false;
                lines.Add(line);
                return true;
            });
            return existing;
        }

        private static string FormatLine(string knownHostsName, byte[] keyBlob)
        {
            if (string.IsNullOrWhiteSpace(knownHostsName) || knownHostsName.Any(c => char.IsWhiteSpace(c) || c == ','))
                throw new ArgumentException($"'{knownHostsName}' is not a known_hosts host name.", nameof(knownHostsName));
            return knownHostsName.ToLowerInvariant() + " " + HostKeyFingerprint.KeyTypeOf(keyBlob) + " " + Convert.ToBase64String(keyBlob);
        }

        private static IReadOnlyList<KnownHostKey> Find(IEnumerable<string> lines, string knownHostsName)
        {
            var keys = new List<KnownHostKey>();
            foreach (var line in lines)
            {
                var entry = Entry.Parse(line);
                if (entry == null || entry.Marker == "@cert-authority" || entry.Blob == null) continue;
                if (entry.Matches(knownHostsName)) keys.Add(new KnownHostKey(entry.KeyType, entry.Blob, entry.Marker == "@revoked"));
            }
            return keys;
        }

        private List<string> ReadLines()
        {
            string text;
            try { text = File.ReadAllText(Path); }
            catch (FileNotFoundException) { return new List<string>(); }
            catch (DirectoryNotFoundException) { return new List<string>(); }
            var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            if (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
            return lines;
        }

        private bool Update(Func<List<string>, bool> change)
        {
            lock (ProcessLocks.GetOrAdd(Path, _ => new object()))
            {
                OwnerOnlyFiles.EnsureDirectory(System.IO.Path.GetDirectoryName(Path) ?? "");
                using (AcquireFileLock())
                {
                    var lines = ReadLines();
                    if (!change(lines)) return false;
                    WriteAtomically(lines);
                    return true;
                }
            }
        }

        private FileStream AcquireFileLock()
        {
            var lockPath = Path + ".lock";
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    OwnerOnlyFiles.RestrictFile(lockPath);
                    return stream;
                }
                catch (IOException) when (clock.Elapsed < LockTimeout)
                {
                    // Another process holds the lock; writers hold it for milliseconds.
                    Thread.Sleep(15);
                }
            }
        }

        private void WriteAtomically(List<string> lines)
        {
            var directory = System.IO.Path.GetDirectoryName(Path) ?? ".";
            var temp = System.IO.Path.Combine(directory, "." + System.IO.Path.GetFileName(Path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    OwnerOnlyFiles.RestrictFile(temp);
                    var bytes = new UTF8Encoding(false).GetBytes(string.Concat(lines.Select(l => l + "\n")));
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }
                if (File.Exists(Path)) File.Replace(temp, Path, null);
                else File.Move(temp, Path);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        /// <summary>True when the pattern names the host exactly (not through a wildcard).</summary>
        private static bool NamesExactly(string pattern, string name) =>
            pattern.StartsWith("|1|", StringComparison.Ordinal) ? HashedMatches(pattern, name)
                : string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);

        private static bool HashedMatches(string pattern, string name)
        {
            var parts = pattern.Split('|');
            if (parts.Length != 4) return false;
            try
            {
                var salt = Convert.FromBase64String(parts[2]);
                var hash = Convert.FromBase64String(parts[3]);
                using (var hmac = new HMACSHA1(salt))
                    return hmac.ComputeHash(Encoding.UTF8.GetBytes(name.ToLowerInvariant())).SequenceEqual(hash);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        /// <summary>OpenSSH match_pattern: '*' and '?' wildcards, case-insensitive.</summary>
        private static bool WildcardMatches(string pattern, int p, string text, int t)
        {
            while (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    for (var k = t; k <= text.Length; k++)
                        if (WildcardMatches(pattern, p + 1, text, k)) return true;
                    return false;
                }
                if (t >= text.Length) return false;
                if (c != '?' && char.ToLowerInvariant(c) != char.ToLowerInvariant(text[t])) return false;
                p++;
                t++;
            }
            return t == text.Length;
        }

        /// <summary>One parsed known_hosts line.</summary>
        private sealed class Entry
        {
            private string _rest = "";
            private string? _markerText;

            public string? Marker { get; private set; }
            public List<string> Patterns { get; private set; } = new List<string>();
            public string KeyType { get; private set; } = "";
            public byte[]? Blob { get; private set; }

            public static Entry? Parse(string line)
            {
                var text = line.Trim();
                if (text.Length == 0 || text[0] == '#') return null;
                var entry = new Entry();
                if (text[0] == '@')
                {
                    var end = IndexOfBlank(text, 0);
                    if (end < 0) return null;
                    entry._markerText = text.Substring(0, end);
                    entry.Marker = entry._markerText.ToLowerInvariant();
                    text = text.Substring(end).TrimStart();
                }
                var hostsEnd = IndexOfBlank(text, 0);
                if (hostsEnd < 0) return null;
                entry.Patterns = text.Substring(0, hostsEnd).Split(',').Where(p => p.Length > 0).ToList();
                entry._rest = text.Substring(hostsEnd);
                var fields = entry._rest.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 2) return entry;
                entry.KeyType = fields[0];
                try { entry.Blob = Convert.FromBase64String(fields[1]); }
                catch (FormatException) { entry.Blob = null; }
                return entry;
            }

            public bool Matches(string name)
            {
                var matched = false;
                foreach (var pattern in Patterns)
                {
                    var negated = pattern.StartsWith("!", StringComparison.Ordinal);
                    var body = negated ? pattern.Substring(1) : pattern;
                    var hit = body.StartsWith("|1|", StringComparison.Ordinal) ? HashedMatches(body, name) : WildcardMatches(body, 0, name, 0);
                    if (hit && negated) return false;
                    matched |= hit;
                }
                return matched;
            }

            public string WithPatterns(IEnumerable<string> patterns) =>
                (_markerText == null ? "" : _markerText + " ") + string.Join(",", patterns) + _rest;

            private static int IndexOfBlank(string s, int start)
            {
                for (var i = start; i < s.Length; i++)
                    if (s[i] == ' ' || s[i] == '\t') return i;
                return -1;
            }
        }
    }
}
