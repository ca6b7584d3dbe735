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

        /// <summary>Blocks on /1.0/operations/{id}/wait until the operation is final; a failed operation throws.</summary>
        public async Task<JsonElement> WaitOperationAsync(string operationPath, TimeSpan timeout, CancellationToken ct)
        {
            if (string.IsNullOrEmpty(operationPath)) throw new IncusException(500, "Async answer without an operation path.");
            var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var envelope = await QueryAsync("GET", operationPath + "/wait?timeout=" + seconds, null, ct).ConfigureAwait(false);
            return FinalOperation(envelope.Metadata, operationPath, seconds);
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
            var result = await _transport.RunAsync(RemoteCommand.FromArguments(args.ToArray()), ct).ConfigureAwait(false);
            return IncusEnvelope.Parse(result, path);
        }
    }
}
