using System;
using System.Collections.Generic;
using System.Linq;

namespace Containarium.Core.Gce
{
    /// <summary>
    /// The stable reasons a <see cref="GceException"/> carries. Taken from Google's error envelope
    /// (<c>error.errors[].reason</c>, <c>error.status</c>) or from a failed operation (<c>error.errors[].code</c>).
    /// </summary>
    public static class GceErrorReason
    {
        public const string QuotaExceeded = "QUOTA_EXCEEDED";
        public const string ZoneResourcePoolExhausted = "ZONE_RESOURCE_POOL_EXHAUSTED";
        public const string ZoneResourcePoolExhaustedWithDetails = "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS";
        public const string AlreadyExists = "ALREADY_EXISTS";
        public const string NotFound = "NOT_FOUND";
        public const string PermissionDenied = "PERMISSION_DENIED";
        public const string Unauthenticated = "UNAUTHENTICATED";
        public const string InvalidArgument = "INVALID_ARGUMENT";
        public const string ResourceInUse = "RESOURCE_IN_USE";
        public const string FailedPrecondition = "FAILED_PRECONDITION";
        public const string RateLimitExceeded = "RATE_LIMIT_EXCEEDED";
        public const string Unavailable = "UNAVAILABLE";
        public const string Internal = "INTERNAL";
        /// <summary>The connection dropped or could not be made (after the retries).</summary>
        public const string ConnectionFailed = "CONNECTION_FAILED";
        /// <summary>An operation or a status wait did not finish within the caller's timeout.</summary>
        public const string Timeout = "TIMEOUT";
        /// <summary>The credentials could not produce an access token.</summary>
        public const string CredentialsFailed = "CREDENTIALS_FAILED";
        public const string Unknown = "UNKNOWN";

        /// <summary>Capacity or quota errors: another zone may succeed where this one failed.</summary>
        public static bool IsCapacityOrQuota(string? reason) =>
            reason == QuotaExceeded || reason == ZoneResourcePoolExhausted || reason == ZoneResourcePoolExhaustedWithDetails;
    }

    /// <summary>One zone's failure during a multi-zone insert.</summary>
    public sealed class GceZoneFailure
    {
        public GceZoneFailure(string zone, string reason, string message)
        {
            Zone = zone;
            Reason = reason;
            Message = message;
        }

        public string Zone { get; }
        public string Reason { get; }
        public string Message { get; }

        public override string ToString() => $"{Zone}: {Reason} ({Message})";
    }

    /// <summary>
    /// A Compute Engine API failure: an HTTP error envelope, a failed long-running operation, a timeout or a dropped
    /// connection that survived the retries. Never carries an access token (messages are redacted before use).
    /// </summary>
    public sealed class GceException : Exception
    {
        public GceException(string reason, string message, int httpStatus = 0, string? apiReason = null,
            string? zone = null, IReadOnlyList<GceZoneFailure>? zoneFailures = null, Exception? inner = null)
            : base(message, inner)
        {
            Reason = string.IsNullOrEmpty(reason) ? GceErrorReason.Unknown : reason;
            HttpStatus = httpStatus;
            ApiReason = apiReason;
            Zone = zone;
            ZoneFailures = zoneFailures ?? Array.Empty<GceZoneFailure>();
        }

        /// <summary>Stable reason, one of <see cref="GceErrorReason"/> or an operation error code passed through as Google wrote it.</summary>
        public string Reason { get; }

        /// <summary>HTTP status of the failing response (or the operation's httpErrorStatusCode); 0 when none.</summary>
        public int HttpStatus { get; }

        /// <summary>The raw reason or code from the envelope (e.g. "quotaExceeded", "ZONE_RESOURCE_POOL_EXHAUSTED").</summary>
        public string? ApiReason { get; }

        /// <summary>The zone the failing call addressed, when it addressed one.</summary>
        public string? Zone { get; }

        /// <summary>For a multi-zone insert: what every zone tried answered, in order.</summary>
        public IReadOnlyList<GceZoneFailure> ZoneFailures { get; }

        public bool IsCapacityOrQuota => GceErrorReason.IsCapacityOrQuota(Reason);
        public bool IsNotFound => Reason == GceErrorReason.NotFound;
        public bool IsAlreadyExists => Reason == GceErrorReason.AlreadyExists;

        internal GceException WithZone(string zone) =>
            new GceException(Reason, Message, HttpStatus, ApiReason, zone, ZoneFailures, InnerException);

        internal static GceException AllZonesFailed(string instance, IReadOnlyList<GceZoneFailure> failures)
        {
            // The reason is the last zone's: every zone failed for capacity or quota, or the last one for something else.
            var last = failures[failures.Count - 1];
            var text = string.Join("; ", failures.Select(f => f.ToString()));
            return new GceException(last.Reason,
                $"No zone could create instance '{instance}' ({failures.Count} tried): {text}",
                zone: last.Zone, zoneFailures: failures);
        }
    }
}
