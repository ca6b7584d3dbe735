using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Transport;

namespace Containarium.Core.Incus
{
    /// <summary>
    /// Typed access to the Incus REST API of one host, driven through `incus query --raw` over a transport.
    /// --raw prints the whole envelope (and exits 0 even on API errors), so the envelope decides success, not the exit code.
    /// </summary>
    public sealed class IncusClient
    {
        // sshd passes the command line as one argv element (128 KiB cap); stay well below it.
        private const int MaxInlineBodyBytes = 100 * 1024;
        private readonly ICommandTransport _transport;

        public IncusClient(ICommandTransport transport)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        }

        public ICommandTransport Transport => _transport;

        /// <summary>
        /// Bound on each GET (operation waits excepted); null uses the transport's command timeout. Set for clusters, where a
        /// hung member makes cluster-wide reads block ~30 s until Incus declares it offline.
        /// </summary>
        public TimeSpan? RequestTimeout { get; set; }

        /// <summary>The host answered but its Incus daemon is not running: the incus command did nothing.</summary>
        public static bool ShowsDaemonDown(CommandResult result) =>
            result.ExitCode != 0 && result.StandardError.IndexOf("daemon doesn't appear to be started", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>GET a sync endpoint and return its metadata.</summary>
        public async Task<JsonElement> GetAsync(string path, CancellationToken ct)
        {
            var envelope = await QueryAsync("GET", path, null, ct).ConfigureAwait(false);
            return envelope.Metadata;
        }

        /// <summary>
        /// Sends a request; for async answers waits for the operation and returns its final metadata. Without
        /// <paramref name="wait"/> the request and the wait are one `incus query --wait` on the host: a separate wait can
        /// come too late when many commands share the connection, and Incus forgets a finished operation after 5 s.
        /// </summary>
        public async Task<JsonElement> SendAsync(string method, string path, object? body, CancellationToken ct, TimeSpan? wait = null)
        {
            if (wait == null)
            {
                var waited = await QueryAsync(method, path, body, ct, waitForOperation: true).ConfigureAwait(false);
                return IsOperation(waited.Metadata) ? FinalOperation(waited.Metadata, path, "") : waited.Metadata;
            }
            var envelope = await QueryAsync(method, path, body, ct).ConfigureAwait(false);
            if (envelope.Type != "async") return envelope.Metadata;
            return await WaitOperationAsync(envelope.Operation, wait.Value, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// Blocks on /1.0/operations/{id}/wait until the operation is final; a failed operation throws, one still running at
        /// <paramref name="timeout"/> throws 504. In a cluster a wait for an operation of another member may come back early
        /// (still running, or "context deadline exceeded"): it is simply asked again until the deadline.
        /// </summary>
        public async Task<JsonElement> WaitOperationAsync(string operationPath, TimeSpan timeout, CancellationToken ct)
        {
            if (string.IsNullOrEmpty(operationPath)) throw new IncusException(500, "Async answer without an operation path.");
            var deadline = DateTime.UtcNow + timeout;
            var total = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            while (true)
            {
                var left = deadline - DateTime.UtcNow;
                var seconds = Math.Max(1, (int)Math.Ceiling(left.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var asked = DateTime.UtcNow;
                JsonElement op;
                try
                {
                    op = (await QueryAsync("GET", operationPath + "/wait?timeout=" + seconds, null, ct).ConfigureAwait(false)).Metadata;
                }
                catch (IncusException e) when (e.Message.IndexOf("context deadline exceeded", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    op = default;
                }
                var code = op.ValueKind == JsonValueKind.Object && op.TryGetProperty("status_code", out var sc) && sc.ValueKind == JsonValueKind.Number ? sc.GetInt32() : 0;
                if (code == 200) return op;
                if (code >= 400)
                {
                    var err = op.TryGetProperty("err", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                    throw new IncusException(code == 401 ? 499 : 400, string.IsNullOrEmpty(err) ? "Operation failed." : err!, operationPath);
                }
                if (DateTime.UtcNow >= deadline) throw new IncusException(504, $"Operation did not finish within {total} s.", operationPath);
                // Came back early without an answer: do not spin on the connection.
                if (DateTime.UtcNow - asked < TimeSpan.FromSeconds(1)) await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
            }
        }

        private static JsonElement FinalOperation(JsonElement op, string path, string seconds)
        {
            var code = op.TryGetProperty("status_code", out var sc) && sc.ValueKind == JsonValueKind.Number ? sc.GetInt32() : 0;
            if (code == 200) return op;
            var err = op.TryGetProperty("err", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            if (code < 200) throw new IncusException(504, $"Operation did not finish within {seconds} s.", path);
            throw new IncusException(code == 401 ? 499 : 400, string.IsNullOrEmpty(err) ? "Operation failed." : err!, path);
        }

        /// <summary>`incus query --wait` prints the finished operation object as the metadata of a sync envelope.</summary>
        private static bool IsOperation(JsonElement metadata) =>
            metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("class", out _) &&
            metadata.TryGetProperty("status_code", out _) && metadata.TryGetProperty("may_cancel", out _);

        internal async Task<IncusEnvelope> QueryAsync(string method, string path, object? body, CancellationToken ct, bool waitForOperation = false)
        {
            if (!path.StartsWith("/1.0", StringComparison.Ordinal)) throw new ArgumentException("Incus API paths start with /1.0.", nameof(path));
            var args = new System.Collections.Generic.List<string> { "incus", "query", "--raw", "-X", method, path };
            if (waitForOperation) args.Insert(3, "--wait");
            if (body != null)
            {
                var json = body as string ?? JsonSerializer.Serialize(body, IncusJson.Options);
                if (Encoding.UTF8.GetByteCount(json) > MaxInlineBodyBytes)
                    throw new ArgumentException($"Request body for {path} is over {MaxInlineBodyBytes / 1024} KiB; send bulk data over stdin instead.");
                args.Add("-d");
                args.Add(json);
            }
            var command = RemoteCommand.FromArguments(args.ToArray());
            if (method == "GET" && RequestTimeout.HasValue && path.IndexOf("/wait", StringComparison.Ordinal) < 0) command.Timeout = RequestTimeout;
            var result = await _transport.RunAsync(command, ct).ConfigureAwait(false);
            return IncusEnvelope.Parse(result, path);
        }
    }
}
