using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Containarium.Core.Transport
{
    /// <summary>
    /// Sets POSIX modes 600 (files) / 700 (directories). netstandard2.0 has no API for it: use
    /// File.SetUnixFileMode when the runtime has it (.NET 7+, i.e. PowerShell 7.4+), else chmod(2) from libc.
    /// A no-op on Windows.
    /// </summary>
    internal static class OwnerOnlyFiles
    {
        private const int FileMode600 = 0x180;
        private const int DirectoryMode700 = 0x1C0;

        private static readonly MethodInfo? SetUnixFileMode = FindSetUnixFileMode();

        public static void RestrictFile(string path) => Apply(path, FileMode600);

        public static void RestrictDirectory(string path) => Apply(path, DirectoryMode700);

        /// <summary>Creates the directory (and parents) if missing; a directory created here gets mode 700.</summary>
        public static void EnsureDirectory(string directory)
        {
            if (string.IsNullOrEmpty(directory) || Directory.Exists(directory)) return;
            Directory.CreateDirectory(directory);
            RestrictDirectory(directory);
        }

        private static void Apply(string path, int mode)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            if (SetUnixFileMode != null)
            {
                var modeType = SetUnixFileMode.GetParameters()[1].ParameterType;
                try
                {
                    SetUnixFileMode.Invoke(null, new[] { path, Enum.ToObject(modeType, mode) });
                }
                catch (TargetInvocationException e) when (e.InnerException != null)
                {
                    throw e.InnerException;
                }
                return;
            }
            if (chmod(path, mode) != 0)
                throw new IOException($"chmod {Convert.ToString(mode, 8)} '{path}' failed (errno {Marshal.GetLastWin32Error()}).");
        }

        private static MethodInfo? FindSetUnixFileMode()
        {
            var modeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode");
            return modeType == null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), modeType });
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int chmod(string path, int mode);
    }
}
