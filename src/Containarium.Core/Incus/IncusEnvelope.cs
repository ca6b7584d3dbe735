using System;
using System.Text.Json;
using Containarium.Core.Transport;

namespace Containarium.Core.Incus
{
    /// <summary>The Incus response envelope: {type, status_code, error_code, error, operation, metadata}.</summary>
    internal sealed class IncusEnvelope
    {
        private IncusEnvelope(string type, string operation, JsonElement metadata)
        {
            Type = type;
            Operation = operation;
            Metadata = metadata;
        }

        public string Type { get; }
        public string Operation { get; }
        public JsonElement Metadata { get; }

        public static IncusEnvelope Parse(CommandResult result, string path)
        {
            var stdout = result.StandardOutput.Trim();
            if (result.ExitCode != 0 || stdout.Length == 0)
            {
                var err = result.StandardError.Trim();
                if (err.StartsWith("Error: ", StringComparison.Ordinal)) err = err.Substring(7);
                if (err.Length == 0) err = $"incus query exited with {result.ExitCode} and no output.";
                var unavailable = err.IndexOf("daemon doesn't appear to be started", StringComparison.OrdinalIgnoreCase) >= 0
                    || err.IndexOf("needed permissions", StringComparison.OrdinalIgnoreCase) >= 0
                    || result.ExitCode == 127;
                if (result.ExitCode == 127) err = "the incus command is not installed on the host: " + err;
                throw new IncusException(unavailable ? 0 : 1, err, path);
            }
            JsonDocument doc;
            try { doc = JsonDocument.Parse(stdout); }
            catch (JsonException e) { throw new IncusException(1, "incus query printed something that is not JSON: " + e.Message, path); }
            var root = doc.RootElement.Clone();
            doc.Dispose();
            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
            if (type == "error")
            {
                var code = root.TryGetProperty("error_code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 500;
                var msg = root.TryGetProperty("error", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "unknown error";
                throw new IncusException(code, msg, path);
            }
            var op = root.TryGetProperty("operation", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : "";
            var metadata = root.TryGetProperty("metadata", out var md) ? md : default;
            return new IncusEnvelope(type, op, metadata);
        }
    }
}
