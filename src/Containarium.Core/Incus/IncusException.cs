using System;

namespace Containarium.Core.Incus
{
    /// <summary>An error answered by the Incus API (error envelope or failed operation), or the daemon not answering at all.</summary>
    public sealed class IncusException : Exception
    {
        public IncusException(int statusCode, string message, string? path = null)
            : base(path == null ? message : $"{message} ({path})")
        {
            StatusCode = statusCode;
            ApiPath = path;
        }

        /// <summary>HTTP-like code from the envelope (404, 409, 400, 500…); 0 when the daemon could not be reached; 1 for CLI failures.</summary>
        public int StatusCode { get; }
        public string? ApiPath { get; }
        public bool IsNotFound => StatusCode == 404;
        public bool IsConflict => StatusCode == 409 || Message.IndexOf("already exists", StringComparison.OrdinalIgnoreCase) >= 0;
        public bool DaemonUnavailable => StatusCode == 0;

        /// <summary>
        /// The daemon answers but is still on its early start tasks (a member just back restarts its boxes first) and refused
        /// the request before acting on it: asking again a little later is safe, even for a change.
        /// </summary>
        public bool ServerNotReady => StatusCode == 503 || Message.IndexOf("isn't ready yet", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
