using System;
using System.IO;

namespace Containarium.Core.Transport
{
    /// <summary>A quoted command line plus optional streams for bulk data (never put bulk data on the command line: 128 KiB cap).</summary>
    public sealed class RemoteCommand
    {
        public RemoteCommand(string commandLine)
        {
            if (string.IsNullOrWhiteSpace(commandLine)) throw new ArgumentException("Command line is empty.", nameof(commandLine));
            CommandLine = commandLine;
        }

        /// <summary>Builds a command line from an argument vector, quoting every argument.</summary>
        public static RemoteCommand FromArguments(params string[] argv) => new RemoteCommand(ShellQuote.Join(argv));

        public string CommandLine { get; }

        /// <summary>Bytes sent to the command's stdin, then EOF. When null, stdin is closed at once.</summary>
        public Stream? StandardInput { get; set; }

        /// <summary>When set, stdout is copied here instead of being captured into <see cref="CommandResult.StandardOutput"/>.</summary>
        public Stream? StandardOutputSink { get; set; }

        /// <summary>Per-command timeout; null uses the transport's default.</summary>
        public TimeSpan? Timeout { get; set; }

        public override string ToString() => CommandLine;
    }
}
