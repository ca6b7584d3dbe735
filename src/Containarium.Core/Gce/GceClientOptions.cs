using System;

namespace Containarium.Core.Gce
{
    public sealed class GceClientOptions
    {
        /// <summary>Environment variable that replaces the API base URL (test seam for emulators).</summary>
        public const string EndpointVariable = "CONTAINARIUM_GCE_ENDPOINT";

        public static readonly Uri DefaultEndpoint = new Uri("https://compute.googleapis.com/compute/v1/");

        /// <summary>Base URL of Compute v1 (ends with '/').</summary>
        public Uri Endpoint { get; set; } = DefaultEndpoint;

        public GceRetryPolicy Retry { get; set; } = new GceRetryPolicy();

        /// <summary>Time limit of one HTTP attempt; above zoneOperations.wait's ~2 minute deadline.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(150);

        /// <summary>Pause between polls of an operation or an instance status that is not there yet.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Receives one line per request (method, path, attempt, status); never a token.</summary>
        public Action<string>? Log { get; set; }

        /// <summary>Defaults, with <c>$env:CONTAINARIUM_GCE_ENDPOINT</c> as the base URL when set.</summary>
        public static GceClientOptions FromEnvironment()
        {
            var options = new GceClientOptions();
            var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
            if (!string.IsNullOrWhiteSpace(endpoint)) options.Endpoint = ParseEndpoint(endpoint!);
            return options;
        }

        public static Uri ParseEndpoint(string endpoint)
        {
            var text = endpoint.Trim();
            if (!text.EndsWith("/", StringComparison.Ordinal)) text += "/";
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                throw new ArgumentException($"{EndpointVariable} '{endpoint}' is not an http(s) URL.");
            return uri;
        }
    }
}
