using System.Text.Json.Nodes;

namespace Containarium.GceEmulator
{
    /// <summary>Google's JSON error envelope: {"error":{"code","message","errors":[{"message","domain","reason"}],"status"}}.</summary>
    public static class GoogleErrors
    {
        public static JsonObject Envelope(int code, string reason, string message, string? status = null) => new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["errors"] = new JsonArray { new JsonObject { ["message"] = message, ["domain"] = "global", ["reason"] = reason } },
                ["status"] = status ?? StatusFor(code),
            },
        };

        public static string StatusFor(int code) => code switch
        {
            400 => "INVALID_ARGUMENT",
            401 => "UNAUTHENTICATED",
            403 => "PERMISSION_DENIED",
            404 => "NOT_FOUND",
            409 => "ALREADY_EXISTS",
            412 => "FAILED_PRECONDITION",
            429 => "RESOURCE_EXHAUSTED",
            503 => "UNAVAILABLE",
            _ => "INTERNAL",
        };
    }

    /// <summary>An API answer: status, JSON body, optional Retry-After, or a dropped connection.</summary>
    public sealed class ApiResult
    {
        public int Status { get; init; } = 200;
        public JsonNode? Body { get; init; }
        public int? RetryAfterSeconds { get; init; }
        public bool Drop { get; init; }

        public static ApiResult Ok(JsonNode body) => new ApiResult { Body = body };

        public static ApiResult Error(int code, string reason, string message, string? status = null, int? retryAfter = null) =>
            new ApiResult { Status = code, Body = GoogleErrors.Envelope(code, reason, message, status), RetryAfterSeconds = retryAfter };
    }
}
