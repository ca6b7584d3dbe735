using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.Core.Gce
{
    /// <summary>
    /// Compute Engine v1 REST client over HttpClient: instances, disks and zone operations. Every call takes a
    /// CancellationToken, retries 429/5xx/dropped connections with backoff (mutating calls carry a requestId, so a
    /// retry returns the original operation instead of doing the work twice) and maps errors to <see cref="GceException"/>.
    /// </summary>
    public sealed class GceClient : IDisposable
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions();

        private readonly HttpClient _http;
        private readonly bool _ownsHttp;
        private readonly IGceAccessTokenSource _tokens;
        private readonly GceClientOptions _options;

        public GceClient(IGceAccessTokenSource tokens, GceClientOptions? options = null, HttpMessageHandler? handler = null)
        {
            _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
            _options = options ?? new GceClientOptions();
            _http = handler == null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            _http.Timeout = Timeout.InfiniteTimeSpan; // per attempt: RequestTimeout
            _ownsHttp = true;
        }

        /// <summary>
        /// The module's default: base URL from <c>$env:CONTAINARIUM_GCE_ENDPOINT</c> when set, token from
        /// <c>$env:CONTAINARIUM_GCE_ACCESS_TOKEN</c> when set, else the key file, else application default credentials.
        /// </summary>
        public static GceClient FromEnvironment(string? serviceAccountFile = null, Action<string>? log = null)
        {
            var options = GceClientOptions.FromEnvironment();
            options.Log = log;
            return new GceClient(GceAuth.FromEnvironment(serviceAccountFile), options);
        }

        public Uri Endpoint => _options.Endpoint;
        public GceClientOptions Options => _options;
        public string CredentialDescription => _tokens.Description;

        public override string ToString() => $"GceClient({_options.Endpoint}, {_tokens.Description})";

        // ---- instances -------------------------------------------------------------------------------------------

        /// <summary>instances.insert; returns the operation (not yet DONE).</summary>
        public Task<GceOperation> InsertInstanceAsync(string project, string zone, JsonObject body, string? requestId = null, CancellationToken cancellationToken = default)
        {
            var name = body?["name"]?.GetValue<string>() ?? throw new ArgumentException("The body has no name.", nameof(body));
            return SendAsync<GceOperation>(HttpMethod.Post, $"{ZonePath(project, zone)}/instances", RequestIdQuery(requestId),
                body.ToJsonString(), $"instances.insert {name} in {zone}", zone, cancellationToken);
        }

        public Task<GceInstance> GetInstanceAsync(string project, string zone, string name, CancellationToken cancellationToken = default) =>
            SendAsync<GceInstance>(HttpMethod.Get, InstancePath(project, zone, name), null, null, $"instances.get {name} in {zone}", zone, cancellationToken);

        /// <summary>instances.get, or null when the instance does not exist.</summary>
        public async Task<GceInstance?> FindInstanceAsync(string project, string zone, string name, CancellationToken cancellationToken = default)
        {
            try
            {
                return await GetInstanceAsync(project, zone, name, cancellationToken).ConfigureAwait(false);
            }
            catch (GceException e) when (e.IsNotFound)
            {
                return null;
            }
        }

        /// <summary>instances.list with an optional filter (e.g. <c>labels.containarium-backend=b1</c>), all pages.</summary>
        public async Task<IReadOnlyList<GceInstance>> ListInstancesAsync(string project, string zone, string? filter = null, CancellationToken cancellationToken = default)
        {
            var all = new List<GceInstance>();
            string? page = null;
            do
            {
                var query = Query(("filter", filter), ("pageToken", page));
                var list = await SendAsync<GceInstanceList>(HttpMethod.Get, $"{ZonePath(project, zone)}/instances", query, null,
                    $"instances.list in {zone}", zone, cancellationToken).ConfigureAwait(false);
                if (list.Items != null) all.AddRange(list.Items);
                page = list.NextPageToken;
            }
            while (!string.IsNullOrEmpty(page));
            return all;
        }

        /// <summary>Instances whose label <paramref name="key"/> equals <paramref name="value"/>.</summary>
        public Task<IReadOnlyList<GceInstance>> ListInstancesByLabelAsync(string project, string zone, string key, string value, CancellationToken cancellationToken = default)
        {
            if (!GceNames.IsLabelKey(key)) throw new ArgumentException($"Label key '{key}' is invalid.", nameof(key));
            if (!GceNames.IsLabelValue(value)) throw new ArgumentException($"Label value '{value}' is invalid.", nameof(value));
            return ListInstancesAsync(project, zone, $"labels.{key}={value}", cancellationToken);
        }

        public Task<GceOperation> StartInstanceAsync(string project, string zone, string name, string? requestId = null, CancellationToken cancellationToken = default) =>
            SendAsync<GceOperation>(HttpMethod.Post, InstancePath(project, zone, name) + "/start", RequestIdQuery(requestId), "",
                $"instances.start {name} in {zone}", zone, cancellationToken);

        public Task<GceOperation> StopInstanceAsync(string project, string zone, string name, string? requestId = null, CancellationToken cancellationToken = default) =>
            SendAsync<GceOperation>(HttpMethod.Post, InstancePath(project, zone, name) + "/stop", RequestIdQuery(requestId), "",
                $"instances.stop {name} in {zone}", zone, cancellationToken);

        public Task<GceOperation> DeleteInstanceAsync(string project, string zone, string name, string? requestId = null, CancellationToken cancellationToken = default) =>
            SendAsync<GceOperation>(HttpMethod.Delete, InstancePath(project, zone, name), RequestIdQuery(requestId), null,
                $"instances.delete {name} in {zone}", zone, cancellationToken);

        // ---- disks -----------------------------------------------------------------------------------------------

        public Task<GceOperation> DeleteDiskAsync(string project, string zone, string disk, string? requestId = null, CancellationToken cancellationToken = default)
        {
            GceNames.EnsureResourceName(disk, "Disk name");
            return SendAsync<GceOperation>(HttpMethod.Delete, $"{ZonePath(project, zone)}/disks/{disk}", RequestIdQuery(requestId), null,
                $"disks.delete {disk} in {zone}", zone, cancellationToken);
        }

        // ---- zone operations -------------------------------------------------------------------------------------

        public Task<GceOperation> GetZoneOperationAsync(string project, string zone, string operation, CancellationToken cancellationToken = default) =>
            SendAsync<GceOperation>(HttpMethod.Get, OperationPath(project, zone, operation), null, null,
                $"zoneOperations.get {operation}", zone, cancellationToken);

        /// <summary>One zoneOperations.wait call: returns when DONE or near the server's ~2 minute deadline, whichever is first.</summary>
        public Task<GceOperation> WaitZoneOperationOnceAsync(string project, string zone, string operation, CancellationToken cancellationToken = default) =>
            SendAsync<GceOperation>(HttpMethod.Post, OperationPath(project, zone, operation) + "/wait", null, "",
                $"zoneOperations.wait {operation}", zone, cancellationToken);

        public async Task<IReadOnlyList<GceOperation>> ListZoneOperationsAsync(string project, string zone, string? filter = null, CancellationToken cancellationToken = default)
        {
            var all = new List<GceOperation>();
            string? page = null;
            do
            {
                var list = await SendAsync<GceOperationList>(HttpMethod.Get, $"{ZonePath(project, zone)}/operations", Query(("filter", filter), ("pageToken", page)), null,
                    $"zoneOperations.list in {zone}", zone, cancellationToken).ConfigureAwait(false);
                if (list.Items != null) all.AddRange(list.Items);
                page = list.NextPageToken;
            }
            while (!string.IsNullOrEmpty(page));
            return all;
        }

        /// <summary>
        /// Loops zoneOperations.wait until the operation is DONE (each call may return before that) or
        /// <paramref name="timeout"/> passes. A DONE operation with errors throws <see cref="GceException"/>
        /// (reason from <c>error.errors[].code</c>); running out of time throws one with reason TIMEOUT.
        /// </summary>
        public async Task<GceOperation> WaitForOperationAsync(string project, string zone, GceOperation operation, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            if (operation == null) throw new ArgumentNullException(nameof(operation));
            var what = $"{operation.OperationType ?? "operation"} of {GceNames.LastSegment(operation.TargetLink)}";
            using var timeoutCts = new CancellationTokenSource(timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
            var op = operation;
            try
            {
                while (!op.IsDone)
                {
                    op = await WaitZoneOperationOnceAsync(project, zone, op.Name, linked.Token).ConfigureAwait(false);
                    if (!op.IsDone)
                        await _options.Retry.Delay(_options.PollInterval, linked.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new GceException(GceErrorReason.Timeout,
                    $"{what} (operation {op.Name}) did not finish within {Format(timeout)}; last status {op.Status ?? "?"}.", zone: zone);
            }
            if (op.Failed) throw GceErrorParser.FromOperation(op, what, zone);
            return op;
        }

        /// <summary>Polls instances.get until the instance reports <paramref name="status"/> (TERMINATED also accepts STOPPED).</summary>
        public async Task<GceInstance> WaitForStatusAsync(string project, string zone, string name, GceInstanceStatus status, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            using var timeoutCts = new CancellationTokenSource(timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
            GceInstance? last = null;
            try
            {
                while (true)
                {
                    last = await GetInstanceAsync(project, zone, name, linked.Token).ConfigureAwait(false);
                    if (last.Status == status || (status == GceInstanceStatus.Terminated && GceStatus.IsStopped(last.Status)))
                        return last;
                    await _options.Retry.Delay(_options.PollInterval, linked.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new GceException(GceErrorReason.Timeout,
                    $"Instance {name} in {zone} did not reach {status.ToString().ToUpperInvariant()} within {Format(timeout)}; last status {last?.StatusText ?? "?"}.", zone: zone);
            }
        }

        /// <summary>
        /// The instance's status and whether it was preempted. Preempted = a Spot (or preemptible) instance that is
        /// STOPPING/TERMINATED/STOPPED and has a zone operation of type <c>compute.instances.preempted</c> targeting it
        /// that was inserted at or after its <c>lastStartTimestamp</c> (a preemption since the last start, not an old one
        /// and not a user's stop; <c>lastStopTimestamp</c> alone cannot tell the two apart).
        /// </summary>
        public async Task<GceInstanceState> GetInstanceStateAsync(string project, string zone, string name, CancellationToken cancellationToken = default)
        {
            var instance = await GetInstanceAsync(project, zone, name, cancellationToken).ConfigureAwait(false);
            var down = GceStatus.IsStopped(instance.Status) || instance.Status == GceInstanceStatus.Stopping;
            if (!instance.IsSpot || !down) return new GceInstanceState(instance, false, null, true);

            IReadOnlyList<GceOperation> ops;
            try
            {
                ops = await ListZoneOperationsAsync(project, zone, "operationType=\"compute.instances.preempted\"", cancellationToken).ConfigureAwait(false);
            }
            catch (GceException e) when (e.Reason == GceErrorReason.PermissionDenied)
            {
                return new GceInstanceState(instance, false, null, false);
            }
            var since = instance.LastStartTime;
            var hit = ops
                .Where(o => o.OperationType == "compute.instances.preempted")
                .Where(o => (instance.Id != null && o.TargetId == instance.Id) ||
                            (o.TargetLink != null && o.TargetLink.EndsWith("/instances/" + name, StringComparison.Ordinal)))
                .Where(o => since == null || (o.InsertedAt.HasValue && o.InsertedAt.Value >= since.Value))
                .OrderByDescending(o => o.InsertedAt ?? DateTimeOffset.MinValue)
                .FirstOrDefault();
            return new GceInstanceState(instance, hit != null, hit?.InsertedAt, true);
        }

        // ---- transport -------------------------------------------------------------------------------------------

        private async Task<T> SendAsync<T>(HttpMethod method, string path, string? query, string? body, string what, string? zone, CancellationToken ct)
        {
            var uri = new Uri(_options.Endpoint, path + (string.IsNullOrEmpty(query) ? "" : "?" + query));
            var retry = _options.Retry;
            var max = Math.Max(1, retry.MaxAttempts);
            for (var attempt = 1; ; attempt++)
            {
                ct.ThrowIfCancellationRequested();
                var token = await _tokens.GetAccessTokenAsync(ct).ConfigureAwait(false);
                int status;
                string text;
                TimeSpan? retryAfter = null;
                try
                {
                    using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    attemptCts.CancelAfter(_options.RequestTimeout);
                    using var request = new HttpRequestMessage(method, uri);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    if (body != null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptCts.Token).ConfigureAwait(false);
                    status = (int)response.StatusCode;
                    text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    retryAfter = RetryAfter(response);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e) when (e is HttpRequestException || e is IOException || e is OperationCanceledException)
                {
                    var timedOut = e is OperationCanceledException;
                    Log($"{method} {path}: attempt {attempt}/{max}: {(timedOut ? "timed out" : "connection failed")}");
                    if (attempt < max)
                    {
                        await retry.Delay(retry.NextDelay(attempt, null), ct).ConfigureAwait(false);
                        continue;
                    }
                    var cause = timedOut ? $"no answer within {Format(_options.RequestTimeout)}" : "the connection failed or dropped: " + e.Message;
                    throw new GceException(timedOut ? GceErrorReason.Timeout : GceErrorReason.ConnectionFailed,
                        GceRedaction.Clean($"{what} failed after {attempt} attempts: {cause}", token), zone: zone);
                }

                Log($"{method} {path}: attempt {attempt}/{max}: HTTP {status}");
                if (status >= 200 && status < 300)
                {
                    try
                    {
                        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("empty body");
                    }
                    catch (JsonException e)
                    {
                        throw new GceException(GceErrorReason.Unknown, $"{what}: the answer is not the expected JSON ({e.Message}).", status, zone: zone);
                    }
                }
                if (IsTransient(status, text) && attempt < max)
                {
                    await retry.Delay(retry.NextDelay(attempt, retryAfter), ct).ConfigureAwait(false);
                    continue;
                }
                throw GceErrorParser.FromHttp(status, text, what, zone, token, attempt);
            }
        }

        private static bool IsTransient(int status, string body)
        {
            if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504) return true;
            if (status != 403) return false;
            // Compute reports per-project rate limits as 403 rateLimitExceeded: also worth a retry.
            var (_, apiReason, _) = GceErrorParser.ReadEnvelope(status, body);
            return apiReason == "rateLimitExceeded" || apiReason == "userRateLimitExceeded";
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var ra = response.Headers.RetryAfter;
            if (ra == null) return null;
            if (ra.Delta.HasValue) return ra.Delta.Value;
            if (ra.Date.HasValue) return ra.Date.Value - DateTimeOffset.UtcNow;
            return null;
        }

        private void Log(string line) => _options.Log?.Invoke(line);

        private static string ZonePath(string project, string zone)
        {
            GceNames.EnsureProject(project);
            GceNames.EnsureZone(zone);
            return $"projects/{project}/zones/{zone}";
        }

        private static string InstancePath(string project, string zone, string name)
        {
            GceNames.EnsureResourceName(name, "Instance name");
            return $"{ZonePath(project, zone)}/instances/{name}";
        }

        private static string OperationPath(string project, string zone, string operation)
        {
            if (string.IsNullOrEmpty(operation) || operation.Any(c => !(char.IsLetterOrDigit(c) || c == '-' || c == '_')))
                throw new ArgumentException($"Operation name '{operation}' is invalid.", nameof(operation));
            return $"{ZonePath(project, zone)}/operations/{operation}";
        }

        private static string RequestIdQuery(string? requestId) =>
            Query(("requestId", string.IsNullOrEmpty(requestId) ? Guid.NewGuid().ToString() : requestId));

        private static string Query(params (string Key, string? Value)[] pairs) =>
            string.Join("&", pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value!)));

        private static string Format(TimeSpan t) =>
            t.TotalSeconds < 120 ? t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s" : t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min";

        public void Dispose()
        {
            if (_ownsHttp) _http.Dispose();
        }
    }

    /// <summary>An instance with its preemption verdict (see <see cref="GceClient.GetInstanceStateAsync"/>).</summary>
    public sealed class GceInstanceState
    {
        public GceInstanceState(GceInstance instance, bool preempted, DateTimeOffset? preemptedAt, bool preemptionChecked)
        {
            Instance = instance;
            Preempted = preempted;
            PreemptedAt = preemptedAt;
            PreemptionChecked = preemptionChecked;
        }

        public GceInstance Instance { get; }
        public GceInstanceStatus Status => Instance.Status;
        public bool Preempted { get; }
        public DateTimeOffset? PreemptedAt { get; }

        /// <summary>False when the zone operations could not be read (permission): <see cref="Preempted"/> is then a guess of false.</summary>
        public bool PreemptionChecked { get; }
    }
}
