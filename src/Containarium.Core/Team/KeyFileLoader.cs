using System;
using System.IO;
using System.Text;

namespace Containarium.Core.Team
{
    /// <summary>Local key-file access for the SshPublicKeyFile column: path resolution and a size-capped, strict UTF-8 read.</summary>
    public static class KeyFileLoader
    {
        /// <summary>A public key file is a few KB; anything larger is the wrong file.</summary>
        public const long MaxBytes = 256 * 1024;

        /// <summary>Expands a leading "~" to the user's home and resolves a relative path against <paramref name="baseDirectory"/>.</summary>
        public static string Resolve(string path, string? baseDirectory)
        {
            if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
                path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Substring(Math.Min(2, path.Length)));
            return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), path));
        }

        public static string Read(string path)
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new FileNotFoundException("the file does not exist.", path);
            if (info.Length > MaxBytes) throw new IOException($"the file is {info.Length} bytes, too large for a public key file.");
            return File.ReadAllText(path, new UTF8Encoding(false, true));
        }
    }
}
