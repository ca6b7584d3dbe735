using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Containarium.Core.Gce
{
    /// <summary>
    /// Maps Google's error shapes to <see cref="GceException"/>: the JSON error envelope of a failed HTTP call
    /// (<c>{"error":{"code":403,"message":…,"status":…,"errors":[{"reason":"quotaExceeded",…}]}}</c>) and the
    /// <c>error.errors[].code</c> of a DONE operation (QUOTA_EXCEEDED, ZONE_RESOURCE_POOL_EXHAUSTED…).
    /// </summary>
    internal static class GceErrorParser
    {
        // error.errors[].reason (camelCase, Google JSON API style) → stable reason.
        private static readonly Dictionary<string, string> ApiReasons = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["quotaExceeded"] = GceErrorReason.QuotaExceeded,
            ["rateLimitExceeded"] = GceErrorReason.RateLimitExceeded,
            ["userRateLimitExceeded"] = GceErrorReason.RateLimitExceeded,
            ["alreadyExists"] = GceErrorReason.AlreadyExists,
            ["notFound"] = GceErrorReason.NotFound,
            ["forbidden"] = GceErrorReason.PermissionDenied,
            ["accessNotConfigured"] = GceErrorReason.PermissionDenied,
            ["insufficientPermissions"] = GceErrorReason.PermissionDenied,
            ["accessDenied"] = GceErrorReason.PermissionDenied,
            ["authError"] = GceErrorReason.Unauthenticated,
            ["unauthorized"] = GceErrorReason.Unauthenticated,
            ["required"] = GceErrorReason.InvalidArgument,
            ["invalid"] = GceErrorReason.InvalidArgument,
            ["badRequest"] = GceErrorReason.InvalidArgument,
            ["invalidParameter"] = GceErrorReason.InvalidArgument,
            ["parseError"] = GceErrorReason.InvalidArgument,
            ["resourceInUseByAnotherResource"] = GceErrorReason.ResourceInUse,
            ["conditionNotMet"] = GceErrorReason.FailedPrecondition,
            // backendError/internalError: the HTTP status (500 → INTERNAL, 503 → UNAVAILABLE) says more.
        };

        // error.status (google.rpc.Code names) → stable reason.
        private static readonly Dictionary<string, string> RpcStatuses = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PERMISSION_DENIED"] = GceErrorReason.PermissionDenied,
            ["NOT_FOUND"] = GceErrorReason.NotFound,
            ["ALREADY_EXISTS"] = GceErrorReason.AlreadyExists,
            ["INVALID_ARGUMENT"] = GceErrorReason.InvalidArgument,
            ["UNAUTHENTICATED"] = GceErrorReason.Unauthenticated,
            ["FAILED_PRECONDITION"] = GceErrorReason.FailedPrecondition,
            ["UNAVAILABLE"] = GceErrorReason.Unavailable,
            ["INTERNAL"] = GceErrorReason.Internal,
        };

        // Operation error codes (upper case): known aliases folded, capacity/quota codes kept exactly.
        private static readonly Dictionary<string, string> OperationCodes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["QUOTA_EXCEEDED"] = GceErrorReason.QuotaExceeded,
            ["ZONE_RESOURCE_POOL_EXHAUSTED"] = GceErrorReason.ZoneResourcePoolExhausted,
            ["ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS"] = GceErrorReason.ZoneResourcePoolExhaustedWithDetails,
            ["RESOURCE_ALREADY_EXISTS"] = GceErrorReason.AlreadyExists,
            ["ALREADY_EXISTS"] = GceErrorReason.AlreadyExists,
            ["RESOURCE_NOT_FOUND"] = GceErrorReason.NotFound,
            ["NOT_FOUND"] = GceErrorReason.NotFound,
            ["PERMISSION_DENIED"] = GceErrorReason.PermissionDenied,
            ["PERMISSIONS_ERROR"] = GceErrorReason.PermissionDenied,
            ["FORBIDDEN"] = GceErrorReason.PermissionDenied,
            ["RESOURCE_IN_USE_BY_ANOTHER_RESOURCE"] = GceErrorReason.ResourceInUse,
            ["INVALID_FIELD_VALUE"] = GceErrorReason.InvalidArgument,
            ["INVALID_ARGUMENT"] = GceErrorReason.InvalidArgument,
            ["BAD_REQUEST"] = GceErrorReason.InvalidArgument,
        };

        public static string FromHttpStatus(int status)
        {
            switch (status)
            {
                case 400: return GceErrorReason.InvalidArgument;
                case 401: return GceErrorReason.Unauthenticated;
                case 403: return GceErrorReason.PermissionDenied;
                case 404: return GceErrorReason.NotFound;
                case 409: return GceErrorReason.AlreadyExists;
                case 412: return GceErrorReason.FailedPrecondition;
                case 429: return GceErrorReason.RateLimitExceeded;
                case 500: return GceErrorReason.Internal;
                case 502:
                case 503:
                case 504: return GceErrorReason.Unavailable;
                default: return GceErrorReason.Unknown;
            }
        }

        /// <summary>What an HTTP error envelope says: stable reason, raw reason, message.</summary>
        public static (string Reason, string? ApiReason, string Message) ReadEnvelope(int status, string? body)
        {
            string? apiReason = null, rpcStatus = null, message = null;
            if (!string.IsNullOrWhiteSpace(body))
            {
                try
                {
                    using var doc = JsonDocument.Parse(body!);
                    if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                        doc.RootElement.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object)
                    {
                        message = Str(err, "message");
                        rpcStatus = Str(err, "status");
                        if (err.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var e in errors.EnumerateArray())
                            {
                                var r = Str(e, "reason");
                                if (string.IsNullOrEmpty(r)) continue;
                                apiReason ??= r;
                                if (ApiReasons.ContainsKey(r!) || OperationCodes.ContainsKey(r!)) { apiReason = r; break; }
                            }
                            if (message == null)
                                message = errors.EnumerateArray().Select(e => Str(e, "message")).FirstOrDefault(m => !string.IsNullOrEmpty(m));
                        }
                    }
                }
                catch (JsonException)
                {
                    // Not Google's envelope (a proxy's HTML page…): fall back to the status code.
                }
            }

            string reason;
            if (apiReason != null && ApiReasons.TryGetValue(apiReason, out var r1)) reason = r1;
            else if (apiReason != null && OperationCodes.TryGetValue(apiReason, out var r2)) reason = r2;
            else if (rpcStatus != null && RpcStatuses.TryGetValue(rpcStatus, out var r3)) reason = r3;
            else if (rpcStatus == "RESOURCE_EXHAUSTED") reason = status == 429 ? GceErrorReason.RateLimitExceeded : GceErrorReason.QuotaExceeded;
            else reason = FromHttpStatus(status);
            return (reason, apiReason ?? rpcStatus, message ?? $"HTTP {status}");
        }

        public static GceException FromHttp(int status, string? body, string what, string? zone, string? token, int attempts)
        {
            var (reason, apiReason, message) = ReadEnvelope(status, body);
            var tail = attempts > 1 ? $" (after {attempts} attempts)" : "";
            var text = GceRedaction.Clean($"{what} failed: HTTP {status} {reason}: {message}{tail}", token);
            return new GceException(reason, text, status, apiReason, zone);
        }

        public static string ReasonOfOperationCode(string? code, int? httpStatus)
        {
            if (!string.IsNullOrEmpty(code))
                return OperationCodes.TryGetValue(code!, out var r) ? r : code!;
            return httpStatus.HasValue ? FromHttpStatus(httpStatus.Value) : GceErrorReason.Unknown;
        }

        /// <summary>A DONE operation with errors → exception; capacity/quota errors take precedence over the rest.</summary>
        public static GceException FromOperation(GceOperation op, string what, string? zone)
        {
            var errors = op.Error?.Errors ?? new List<GceOperationError>();
            var chosen = errors.FirstOrDefault(e => GceErrorReason.IsCapacityOrQuota(ReasonOfOperationCode(e.Code, null)))
                         ?? errors.FirstOrDefault();
            var reason = ReasonOfOperationCode(chosen?.Code, op.HttpErrorStatusCode);
            var messages = string.Join("; ", errors.Select(e => $"{e.Code}: {e.Message}"));
            if (messages.Length == 0) messages = op.HttpErrorMessage ?? "operation failed";
            var text = GceRedaction.Clean($"{what} failed (operation {op.Name}): {messages}");
            return new GceException(reason, text, op.HttpErrorStatusCode ?? 0, chosen?.Code, zone);
        }

        private static string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
