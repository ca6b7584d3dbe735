using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Containers;
using Containarium.Core.Transport;

namespace Containarium.Core.Migration
{
    /// <summary>What one end of a transfer reported: its exit, the SHA-256 it computed on the host, and its error text.</summary>
    public sealed class HostStreamResult
    {
        internal HostStreamResult(CommandResult result)
        {
            ExitCode = result.ExitCode;
            var lines = result.StandardError.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            var marker = lines.LastOrDefault(l => l.StartsWith(MarkerPrefix, StringComparison.Ordinal));
            Sha256 = marker?.Substring(MarkerPrefix.Length).Trim();
            Error = string.Join("\n", lines.Where(l => l.Length > 0 && !l.StartsWith(MarkerPrefix, StringComparison.Ordinal))).Trim();
        }

        private const string MarkerPrefix = "CTR-SHA256 ";

        public int ExitCode { get; }
        public string? Sha256 { get; }
        public string Error { get; }
        public bool Succeeded => ExitCode == 0 && Sha256 != null && Sha256.Length == 64;
    }

    /// <summary>The two host-side ends of a transfer: `incus export` to stdout and `incus import` from stdin, each hashing on the host.</summary>
    internal static class HostStream
    {
        private static readonly string ExportScript = HostScripts.Load("stream-export.sh");
        private static readonly string ImportScript = HostScripts.Load("stream-import.sh");
        private static readonly string AbortScript = HostScripts.Load("stream-import-abort.sh");

        /// <summary>Long transfers must not hit the transport's per-command timeout; cancellation still stops them.</summary>
        private static readonly TimeSpan TransferTimeout = TimeSpan.FromHours(12);

        public static async Task<HostStreamResult> ExportAsync(ICommandTransport source, string box, Stream sink, CancellationToken ct)
        {
            var command = RemoteCommand.FromArguments(HostScripts.Invocation(ExportScript, box));
            command.StandardOutputSink = sink;
            command.Timeout = TransferTimeout;
            return new HostStreamResult(await source.RunAsync(command, ct).ConfigureAwait(false));
        }

        public static async Task<HostStreamResult> ImportAsync(ICommandTransport destination, string box, string pool, string stateDirectory, Stream input, CancellationToken ct)
        {
            var command = RemoteCommand.FromArguments(HostScripts.Invocation(ImportScript, box, pool, stateDirectory));
            command.StandardInput = input;
            command.Timeout = TransferTimeout;
            return new HostStreamResult(await destination.RunAsync(command, ct).ConfigureAwait(false));
        }

        /// <summary>Stops a half-fed importer left by a cut link and waits until it is gone.</summary>
        public static async Task AbortImportAsync(ICommandTransport destination, string stateDirectory, CancellationToken ct)
        {
            var result = await destination.RunAsync(RemoteCommand.FromArguments(HostScripts.Invocation(AbortScript, stateDirectory)), ct).ConfigureAwait(false);
            if (!result.Succeeded) throw new IOException($"stopping the importer on {destination.Description} failed: {result.StandardError.Trim()}");
        }

        /// <summary>A state directory name unique to this transfer (under /tmp on the destination).</summary>
        public static string NewStateDirectory(string box) => "/tmp/containarium-import." + box + "." + Guid.NewGuid().ToString("N").Substring(0, 12);
    }
}
