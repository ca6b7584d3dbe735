using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Containarium.GceEmulator
{
    /// <summary>
    /// An error to inject into the next <see cref="Count"/> calls of one API method (optionally only in one zone).
    /// Kinds: "429", "500", "503" (transient HTTP errors, with Retry-After when <see cref="RetryAfterSeconds"/> is set),
    /// "drop" (the connection is aborted), "401", "403", "404", "409" (HTTP errors in Google's envelope),
    /// "quotaExceeded" (HTTP 403, reason quotaExceeded), and, for instances.insert/start, the operation error codes
    /// "QUOTA_EXCEEDED", "ZONE_RESOURCE_POOL_EXHAUSTED", "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS" (the call
    /// succeeds; its operation ends DONE with that error).
    /// </summary>
    public sealed class FaultRule
    {
        public static readonly string[] Kinds =
        {
            "429", "500", "503", "drop", "401", "403", "404", "409", "quotaExceeded",
            "QUOTA_EXCEEDED", "ZONE_RESOURCE_POOL_EXHAUSTED", "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS",
        };

        public static readonly string[] Methods =
        {
            "*", "instances.insert", "instances.get", "instances.list", "instances.start", "instances.stop", "instances.delete",
            "disks.get", "disks.delete", "zoneOperations.get", "zoneOperations.wait", "zoneOperations.list",
        };

        /// <summary>API method ("instances.insert", "zoneOperations.wait"…) or "*".</summary>
        [JsonPropertyName("method")] public string Method { get; set; } = "*";
        [JsonPropertyName("kind")] public string Kind { get; set; } = "503";
        [JsonPropertyName("count")] public int Count { get; set; } = 1;
        [JsonPropertyName("zone")] public string? Zone { get; set; }
        [JsonPropertyName("retryAfterSeconds")] public int? RetryAfterSeconds { get; set; }

        public bool IsOperationError => Kind == "QUOTA_EXCEEDED" || Kind.StartsWith("ZONE_RESOURCE_POOL_EXHAUSTED", StringComparison.Ordinal);

        public void Check()
        {
            if (Array.IndexOf(Kinds, Kind) < 0) throw new ArgumentException($"Unknown fault kind '{Kind}': one of {string.Join(", ", Kinds)}.");
            if (Array.IndexOf(Methods, Method) < 0) throw new ArgumentException($"Unknown method '{Method}': one of {string.Join(", ", Methods)}.");
            if (Count < 1) throw new ArgumentException("count must be at least 1.");
            if (IsOperationError && Method != "instances.insert" && Method != "instances.start")
                throw new ArgumentException($"{Kind} is an operation error: only for instances.insert or instances.start.");
        }

        public bool Matches(string method, string? zone) =>
            (Method == "*" || Method == method) && (Zone == null || Zone == zone);

        internal FaultRule Clone() => (FaultRule)MemberwiseClone();
    }

    /// <summary>
    /// The subset of the Compute list filter the emulator understands: comparisons joined by spaces or AND,
    /// optionally parenthesised: <c>field = value</c>, <c>field != value</c>, <c>field="value"</c> (e.g.
    /// <c>labels.containarium-backend=b1</c>, <c>operationType="compute.instances.preempted"</c>).
    /// </summary>
    public sealed class ListFilter
    {
        private readonly List<(string Field, bool Equal, string Value)> _terms = new List<(string, bool, string)>();

        public static ListFilter Parse(string? text)
        {
            var f = new ListFilter();
            if (string.IsNullOrWhiteSpace(text)) return f;
            var s = text.Trim();
            var i = 0;
            while (i < s.Length)
            {
                while (i < s.Length && (char.IsWhiteSpace(s[i]) || s[i] == '(' || s[i] == ')')) i++;
                if (i >= s.Length) break;
                if (string.CompareOrdinal(s, i, "AND ", 0, 4) == 0) { i += 4; continue; }
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '.' || s[i] == '-' || s[i] == '_')) i++;
                var field = s.Substring(start, i - start);
                while (i < s.Length && s[i] == ' ') i++;
                bool equal;
                if (i < s.Length && s[i] == '=') { equal = true; i++; }
                else if (i + 1 < s.Length && s[i] == '!' && s[i + 1] == '=') { equal = false; i += 2; }
                else throw new FormatException($"Invalid list filter expression '{text}'.");
                while (i < s.Length && s[i] == ' ') i++;
                string value;
                if (i < s.Length && s[i] == '"')
                {
                    var end = s.IndexOf('"', i + 1);
                    if (end < 0) throw new FormatException($"Invalid list filter expression '{text}'.");
                    value = s.Substring(i + 1, end - i - 1);
                    i = end + 1;
                }
                else
                {
                    start = i;
                    while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] != ')') i++;
                    value = s.Substring(start, i - start);
                }
                if (field.Length == 0) throw new FormatException($"Invalid list filter expression '{text}'.");
                f._terms.Add((field, equal, value));
            }
            return f;
        }

        public bool Matches(Func<string, string?> field)
        {
            foreach (var (name, equal, value) in _terms)
                if (string.Equals(field(name), value, StringComparison.Ordinal) != equal) return false;
            return true;
        }
    }
}
