using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Transport;

namespace Containarium.Core.Migration
{
    /// <summary>The outcome of one relayed transfer: byte count, the three SHA-256 sums, and how long it took.</summary>
    public sealed class RelayResult
    {
        public long Bytes { get; internal set; }
        public string SourceSha256 { get; internal set; } = "";
        public string RelaySha256 { get; internal set; } = "";
        public string DestinationSha256 { get; internal set; } = "";
        public TimeSpan Elapsed { get; internal set; }
        public double MegabytesPerSecond => Elapsed.TotalSeconds <= 0 ? 0 : Bytes / 1e6 / Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Streams `incus export` on the source through this process into `incus import` on the destination, over the two
    /// hosts' own SSH connections (so it works when the hosts cannot reach each other). The bytes are hashed at the
    /// source host, here, and at the destination host; the transfer counts only when all three agree.
    /// </summary>
    public static class StreamRelay
    {
        /// <summary>Progress: bytes relayed so far (called about once a second from a timer thread).</summary>
        public static async Task<RelayResult> RunAsync(ICommandTransport source, ICommandTransport destination, string box, string pool,
            string stateDirectory, Action<long>? progress, CancellationToken ct)
        {
            using var pipe = new BoundedPipe();
            var clock = Stopwatch.StartNew();
            using var ticker = progress == null ? null : new Timer(_ => progress(pipe.BytesWritten), null, 1000, 1000);
            var export = Task.Run(async () =>
            {
                try
                {
                    var r = await HostStream.ExportAsync(source, box, pipe.Writer, ct).ConfigureAwait(false);
                    if (r.Succeeded) pipe.Complete();
                    else pipe.Fault(new IOException($"export exited {r.ExitCode}"));
                    return r;
                }
                catch (Exception e)
                {
                    pipe.Fault(e);
                    throw;
                }
            });
            var import = Task.Run(async () =>
            {
                try { return await HostStream.ImportAsync(destination, box, pool, stateDirectory, pipe.Reader, ct).ConfigureAwait(false); }
                finally { pipe.CloseReader(); }
            });
            try { await Task.WhenAll(export, import).ConfigureAwait(false); }
            catch (Exception) { /* examined below, export and import together */ }
            ct.ThrowIfCancellationRequested();

            var exportFailure = Describe(export, source, "export");
            var importFailure = Describe(import, destination, "import");
            // The side that failed first explains it; the other usually only saw its peer go away.
            if (exportFailure != null && (importFailure == null || !ExportSawPeerGone(export)))
                throw Failure(exportFailure, source, "source", export.Exception?.GetBaseException());
            if (importFailure != null)
                throw Failure(importFailure, destination, "destination", import.Exception?.GetBaseException());

            var result = new RelayResult
            {
                Bytes = pipe.BytesWritten,
                SourceSha256 = export.Result.Sha256!,
                RelaySha256 = pipe.Sha256,
                DestinationSha256 = import.Result.Sha256!,
                Elapsed = clock.Elapsed,
            };
            if (result.SourceSha256 != result.RelaySha256 || result.RelaySha256 != result.DestinationSha256)
                throw new MigrationException(MigrationFailure.ChecksumMismatch,
                    $"The stream's SHA-256 differs between the source ({result.SourceSha256}), the relay ({result.RelaySha256}) and the destination ({result.DestinationSha256}) after {result.Bytes} bytes.");
            return result;
        }

        /// <summary>A full disk on either host gets its own failure: the admin must free space there, not retry.</summary>
        internal static MigrationException Failure(string reason, ICommandTransport host, string role, Exception? inner) =>
            IsDiskFull(reason)
                ? new MigrationException(MigrationFailure.DiskFull, $"the {role} {host.Description} ran out of disk space ({reason}).", inner)
                : new MigrationException(MigrationFailure.TransferFailed, reason, inner);

        internal static bool IsDiskFull(string reason) =>
            reason.IndexOf("no space left on device", StringComparison.OrdinalIgnoreCase) >= 0 ||
            reason.IndexOf("disk quota exceeded", StringComparison.OrdinalIgnoreCase) >= 0;

        private static bool ExportSawPeerGone(Task<HostStreamResult> export) =>
            export.IsFaulted && export.Exception!.GetBaseException() is IOException io && io.Message.StartsWith("The destination stopped", StringComparison.Ordinal);

        /// <summary>
        /// Why a stream failed, in one line. A lost link is named by its cause: the transport's own message quotes the
        /// host script, which tells the admin nothing.
        /// </summary>
        internal static string Cause(Exception failure) =>
            IsLostLink(failure) ? $"the connection was lost mid-stream ({failure.InnerException?.Message ?? "closed"})" : failure.Message;

        /// <summary>The host's connection dropped while its end of the stream ran.</summary>
        internal static bool IsLostLink(Exception failure) =>
            failure is TransportException lost && lost.Failure == TransportFailure.ConnectionLost;

        /// <summary>A one-line reason for a failed end, or null when that end succeeded.</summary>
        internal static string? Describe(Task<HostStreamResult> end, ICommandTransport host, string what)
        {
            if (end.IsCanceled) return $"{what} on {host.Description} was cancelled";
            if (end.IsFaulted) return $"{what} on {host.Description} failed: {Cause(end.Exception!.GetBaseException())}";
            var r = end.Result;
            if (r.Succeeded) return null;
            var detail = r.Error.Length > 0 ? r.Error : (r.Sha256 == null ? "no checksum reported" : "no details");
            return $"{what} on {host.Description} exited {r.ExitCode}: {detail}";
        }
    }
}
