using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.PowerShell.Tests
{
    /// <summary>
    /// Holds a transfer mid-stream so that a fault (a cut link, a full disk, Ctrl+C) lands while bytes are still owed:
    /// waits until a lab host's `incus export|import` of a box has moved some bytes, then stops that process (SIGSTOP)
    /// until disposed (SIGCONT). Without the hold, the fault races a stream that a quiet machine may finish first.
    /// The lab's hosts are local processes, so the test can see and signal them; the module cannot tell a held
    /// process from a slow link.
    /// </summary>
    internal sealed class StreamHold : IDisposable
    {
        private const int SigStop = 19, SigCont = 18; // Linux x86-64 and arm64

        private readonly int _pid;

        private StreamHold(int pid) => _pid = pid;

        /// <param name="verb">"export" (counts bytes written to its stdout) or "import" (bytes read from its stdin).</param>
        /// <param name="run">The command under test: when it ends before the stream flows, the wait fails at once.</param>
        public static StreamHold Once(string verb, string box, Task run, long bytes = 8 << 20)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (run.IsCompleted) throw new InvalidOperationException($"The command ended before `incus {verb} {box}` had moved {bytes} bytes.");
                if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"`incus {verb} {box}` never moved {bytes} bytes.");
                foreach (var pid in Processes(verb, box))
                {
                    if (Moved(pid, verb == "export" ? "wchar" : "rchar") < bytes) continue;
                    if (kill(pid, SigStop) != 0) continue; // it ended just now
                    return new StreamHold(pid);
                }
                Thread.Sleep(20);
            }
        }

        /// <summary>Lets the process go on: it finishes, or dies of what was injected meanwhile. It may be gone already.</summary>
        public void Dispose() => kill(_pid, SigCont);

        private static int[] Processes(string verb, string box) =>
            Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
                .Where(pid => pid > 0 && IsIncus(ReadOrEmpty($"/proc/{pid}/cmdline").Split('\0'), verb, box))
                .ToArray();

        private static bool IsIncus(string[] args, string verb, string box) =>
            args.Length > 2 && Path.GetFileName(args[0]) == "incus" && args[1] == verb && args.Contains(box);

        private static long Moved(int pid, string counter)
        {
            var line = ReadOrEmpty($"/proc/{pid}/io").Split('\n').FirstOrDefault(l => l.StartsWith(counter + ":", StringComparison.Ordinal));
            return line != null && long.TryParse(line.Substring(counter.Length + 1).Trim(), out var n) ? n : 0;
        }

        private static string ReadOrEmpty(string path)
        {
            try { return File.ReadAllText(path); }
            catch (IOException) { return ""; } // the process ended while we looked
            catch (UnauthorizedAccessException) { return ""; }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);
    }
}
