using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Containarium.GceEmulator
{
    /// <summary>
    /// The emulated project(s): instances, disks, zone operations, injected faults, tokens. Thread-safe (one lock).
    /// Tests drive it in-process through the public methods; the HTTP layer calls <see cref="Handle"/>.
    /// </summary>
    public sealed partial class EmulatorState
    {
        private static readonly Regex Rfc1035 = new Regex("^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$");
        private static readonly Regex LabelKey = new Regex("^[a-z][a-z0-9_-]{0,62}$");
        private static readonly Regex LabelValue = new Regex("^[a-z0-9_-]{0,63}$");
        private static readonly Regex MetadataKey = new Regex("^[a-zA-Z0-9_-]{1,128}$");
        private static readonly Regex DiskTypeName = new Regex("^(?:pd-standard|pd-balanced|pd-ssd|pd-extreme|hyperdisk-[a-z-]+)$");

        private readonly object _gate = new object();
        private readonly EmulatorOptions _options;
        private readonly Dictionary<string, EmuInstance> _instances = new Dictionary<string, EmuInstance>(StringComparer.Ordinal);
        private readonly Dictionary<string, EmuDisk> _disks = new Dictionary<string, EmuDisk>(StringComparer.Ordinal);
        private readonly Dictionary<string, EmuOperation> _operations = new Dictionary<string, EmuOperation>(StringComparer.Ordinal);
        private readonly Dictionary<string, EmuOperation> _byRequestId = new Dictionary<string, EmuOperation>(StringComparer.Ordinal);
        private readonly List<FaultRule> _faults = new List<FaultRule>();
        private readonly Dictionary<string, DateTimeOffset> _issuedTokens = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        private readonly HashSet<string> _fixedTokens = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, RSA> _serviceAccounts = new Dictionary<string, RSA>(StringComparer.Ordinal);
        private readonly List<BackendMapping> _backends = new List<BackendMapping>();
        private readonly List<RequestRecord> _requests = new List<RequestRecord>();
        private ulong _nextId = 4000000000000000001UL;
        private int _nextAddress = 2;

        public EmulatorState(EmulatorOptions options)
        {
            _options = options;
            foreach (var t in options.AccessTokens) _fixedTokens.Add(t);
            _backends.AddRange(options.Backends);
        }

        /// <summary>Root URL the emulator listens on ("http://127.0.0.1:PORT/"); set by the host once bound.</summary>
        public string BaseUrl { get; internal set; } = "http://127.0.0.1/";

        public string ComputeBase => BaseUrl + "compute/v1/";
        public string TokenUrl => BaseUrl + "token";
        public EmulatorOptions Options => _options;

        private readonly object _clockGate = new object();
        private DateTimeOffset _lastNow;

        /// <summary>The clock, made strictly increasing at millisecond resolution (timestamps are written with ms):
        /// two events never share a timestamp, as on a real, slower server.</summary>
        private DateTimeOffset Now
        {
            get
            {
                lock (_clockGate)
                {
                    var t = _options.Clock();
                    t = new DateTimeOffset(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, t.Offset);
                    if (t <= _lastNow) t = _lastNow.AddMilliseconds(1);
                    _lastNow = t;
                    return t;
                }
            }
        }

        // ---- in-process control -----------------------------------------------------------------------------------

        public void AddAccessToken(string token)
        {
            lock (_gate) _fixedTokens.Add(token);
        }

        /// <summary>Registers a service account's public key: its JWT assertions are then accepted by the token endpoint.</summary>
        public void RegisterServiceAccount(string clientEmail, RSA publicKey)
        {
            var copy = RSA.Create();
            copy.ImportParameters(publicKey.ExportParameters(false));
            lock (_gate) _serviceAccounts[clientEmail] = copy;
        }

        public void RegisterServiceAccount(string clientEmail, string publicKeyPem)
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(publicKeyPem);
            lock (_gate) _serviceAccounts[clientEmail] = rsa;
        }

        public void InjectFault(FaultRule rule)
        {
            rule.Check();
            lock (_gate) _faults.Add(rule.Clone());
        }

        public void ClearFaults()
        {
            lock (_gate) _faults.Clear();
        }

        public int PendingFaults
        {
            get { lock (_gate) return _faults.Sum(f => f.Count); }
        }

        public void MapBackend(BackendMapping mapping)
        {
            lock (_gate)
            {
                _backends.RemoveAll(b => b.Instance == mapping.Instance);
                _backends.Add(mapping);
                foreach (var i in _instances.Values.Where(i => mapping.Instance == "*" || i.Name == mapping.Instance))
                {
                    i.NetworkIp = mapping.Host;
                    if (i.NatIp != null) i.NatIp = mapping.Host;
                }
            }
        }

        public IReadOnlyList<BackendMapping> Backends
        {
            get { lock (_gate) return _backends.ToList(); }
        }

        /// <summary>The SSH endpoint an instance maps to (its address and the configured port), or null.</summary>
        public BackendMapping? BackendFor(string instance)
        {
            lock (_gate) return _backends.FirstOrDefault(b => b.Instance == instance) ?? _backends.FirstOrDefault(b => b.Instance == "*");
        }

        public IReadOnlyList<RequestRecord> Requests
        {
            get { lock (_gate) return _requests.ToList(); }
        }

        public void ClearRequests()
        {
            lock (_gate) _requests.Clear();
        }

        internal void Record(RequestRecord r)
        {
            lock (_gate) _requests.Add(r);
        }

        /// <summary>Simulates a Spot preemption: a DONE-later operation compute.instances.preempted, STOPPING then TERMINATED
        /// (or deleted when the termination action is DELETE). False when the instance does not exist or is not running.</summary>
        public bool Preempt(string project, string zone, string instance)
        {
            lock (_gate)
            {
                if (!_instances.TryGetValue(Key(project, zone, instance), out var i) || i.Status != "RUNNING") return false;
                var op = NewOperation(project, zone, "compute.instances.preempted", i, null);
                op.AdvancesOnInstanceRead = true;
                op.Statuses = new[] { "RUNNING", "DONE" };
                op.OnEnter = new Action?[]
                {
                    null,
                    () =>
                    {
                        if (i.TerminationAction == "DELETE") RemoveInstance(i);
                        else { i.Status = "TERMINATED"; i.LastStop = Now; }
                    },
                };
                i.Status = "STOPPING";
                i.StatusMessage = "Instance was preempted.";
                op.StartTime = Now;
                if (_options.StepMilliseconds > 0) op.LastAdvance = Now;
                return true;
            }
        }

        /// <summary>Current status of an instance, or null when it does not exist.</summary>
        public string? InstanceStatus(string project, string zone, string name)
        {
            lock (_gate)
            {
                TickAll();
                return _instances.TryGetValue(Key(project, zone, name), out var i) ? i.Status : null;
            }
        }

        public JsonObject? InstanceJson(string project, string zone, string name)
        {
            lock (_gate) return _instances.TryGetValue(Key(project, zone, name), out var i) ? Render(i) : null;
        }

        public IReadOnlyList<string> DiskNames(string project, string zone)
        {
            lock (_gate) return _disks.Values.Where(d => d.Project == project && d.Zone == zone).Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        }

        public void Reset()
        {
            lock (_gate)
            {
                _instances.Clear();
                _disks.Clear();
                _operations.Clear();
                _byRequestId.Clear();
                _faults.Clear();
                _requests.Clear();
            }
        }

        // ---- auth -------------------------------------------------------------------------------------------------

        public bool IsAuthorized(string? bearer)
        {
            if (!_options.RequireAuth) return true;
            if (string.IsNullOrEmpty(bearer)) return false;
            lock (_gate)
            {
                if (_fixedTokens.Contains(bearer)) return true;
                return _issuedTokens.TryGetValue(bearer, out var exp) && exp > Now;
            }
        }

        private string IssueToken(TimeSpan lifetime)
        {
            var token = "emu." + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            _issuedTokens[token] = Now + lifetime;
            return token;
        }

        /// <summary>
        /// OAuth 2.0 JWT-bearer grant (RFC 7523) as Google's token endpoint does it for service accounts: checks the
        /// RS256 signature against the registered key of <c>iss</c>, <c>aud</c> = Google's token audience (or this
        /// endpoint), a compute or
        /// cloud-platform <c>scope</c>, <c>iat</c>/<c>exp</c>; answers {access_token, expires_in, token_type}.
        /// </summary>
        public (int Status, JsonObject Body) ExchangeJwt(IReadOnlyDictionary<string, string> form)
        {
            static (int, JsonObject) Fail(string error, string description) =>
                (400, new JsonObject { ["error"] = error, ["error_description"] = description });

            if (!form.TryGetValue("grant_type", out var grant) || grant != "urn:ietf:params:oauth:grant-type:jwt-bearer")
                return Fail("unsupported_grant_type", "Invalid grant_type.");
            if (!form.TryGetValue("assertion", out var assertion) || string.IsNullOrEmpty(assertion))
                return Fail("invalid_request", "Missing required parameter: assertion.");
            var parts = assertion.Split('.');
            if (parts.Length != 3) return Fail("invalid_grant", "Invalid JWT: not three segments.");
            JsonObject header, claims;
            byte[] signature;
            try
            {
                header = JsonNode.Parse(Base64Url(parts[0]))!.AsObject();
                claims = JsonNode.Parse(Base64Url(parts[1]))!.AsObject();
                signature = Base64Url(parts[2]);
            }
            catch (Exception)
            {
                return Fail("invalid_grant", "Invalid JWT: undecodable.");
            }
            if ((string?)header["alg"] != "RS256") return Fail("invalid_grant", "Invalid JWT: alg must be RS256.");
            var iss = (string?)claims["iss"];
            RSA? key;
            lock (_gate) key = iss != null && _serviceAccounts.TryGetValue(iss, out var k) ? k : null;
            if (key == null) return Fail("invalid_grant", "Invalid JWT: unknown issuer.");
            var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            if (!key.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
                return Fail("invalid_grant", "Invalid JWT Signature.");
            // Google.Apis.Auth signs for Google's token audience even when token_uri points elsewhere; Google accepts
            // that audience (and its older v4 URL). This endpoint's own URL is accepted too.
            var aud = (string?)claims["aud"];
            if (aud != "https://oauth2.googleapis.com/token" && aud != "https://www.googleapis.com/oauth2/v4/token" && aud != TokenUrl)
                return Fail("invalid_grant", $"Invalid JWT: aud '{aud}' is not a token endpoint audience.");
            var scopes = ((string?)claims["scope"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!scopes.Contains("https://www.googleapis.com/auth/compute") && !scopes.Contains("https://www.googleapis.com/auth/cloud-platform"))
                return Fail("invalid_scope", "Invalid JWT: no compute or cloud-platform scope.");
            long iat, exp;
            try
            {
                iat = claims["iat"]!.GetValue<long>();
                exp = claims["exp"]!.GetValue<long>();
            }
            catch (Exception)
            {
                return Fail("invalid_grant", "Invalid JWT: iat/exp missing.");
            }
            var now = Now.ToUnixTimeSeconds();
            if (iat > now + 300 || exp < now || exp - iat > 3600)
                return Fail("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.");
            string token;
            lock (_gate) token = IssueToken(TimeSpan.FromHours(1));
            return (200, new JsonObject { ["access_token"] = token, ["expires_in"] = 3599, ["token_type"] = "Bearer" });
        }

        /// <summary>The metadata server's token for the VM's default service account.</summary>
        public JsonObject MetadataToken()
        {
            string token;
            lock (_gate) token = IssueToken(TimeSpan.FromHours(1));
            return new JsonObject { ["access_token"] = token, ["expires_in"] = 3599, ["token_type"] = "Bearer" };
        }

        private static byte[] Base64Url(string s)
        {
            var t = s.Replace('-', '+').Replace('_', '/');
            t += new string('=', (4 - t.Length % 4) % 4);
            return Convert.FromBase64String(t);
        }

        // ---- the API ----------------------------------------------------------------------------------------------

        public ApiResult Handle(ApiCall call)
        {
            lock (_gate)
            {
                TickAll();
                var fault = _faults.FirstOrDefault(f => f.Matches(call.Method, call.Zone));
                FaultRule? opFault = null;
                if (fault != null)
                {
                    if (--fault.Count <= 0) _faults.Remove(fault);
                    if (fault.IsOperationError) opFault = fault;
                    else return FaultResult(fault, call);
                }
                switch (call.Method)
                {
                    case "instances.insert": return Insert(call, opFault);
                    case "instances.get": return GetInstance(call);
                    case "instances.list": return ListInstances(call);
                    case "instances.start": return Start(call, opFault);
                    case "instances.stop": return Stop(call);
                    case "instances.delete": return DeleteInstance(call);
                    case "disks.get": return GetDisk(call);
                    case "disks.delete": return DeleteDisk(call);
                    case "zoneOperations.get": return GetOperation(call, wait: false);
                    case "zoneOperations.wait": return GetOperation(call, wait: true);
                    case "zoneOperations.list": return ListOperations(call);
                    default: return ApiResult.Error(404, "notFound", $"Unknown method {call.Method}.");
                }
            }
        }

        private static ApiResult FaultResult(FaultRule f, ApiCall call)
        {
            var what = call.Name == null ? $"projects/{call.Project}/zones/{call.Zone}" : $"projects/{call.Project}/zones/{call.Zone}/…/{call.Name}";
            return f.Kind switch
            {
                "drop" => new ApiResult { Drop = true },
                "429" => ApiResult.Error(429, "rateLimitExceeded", "Rate Limit Exceeded", "RESOURCE_EXHAUSTED", f.RetryAfterSeconds),
                "500" => ApiResult.Error(500, "backendError", "Internal error. Please try again or contact Google Support.", "INTERNAL", f.RetryAfterSeconds),
                "503" => ApiResult.Error(503, "backendError", "The service is currently unavailable.", "UNAVAILABLE", f.RetryAfterSeconds),
                "401" => ApiResult.Error(401, "authError", "Request had invalid authentication credentials.", "UNAUTHENTICATED"),
                "403" => ApiResult.Error(403, "forbidden", $"Required 'compute.instances.{call.Method.Split('.').Last()}' permission for '{what}'", "PERMISSION_DENIED"),
                "404" => ApiResult.Error(404, "notFound", $"The resource '{what}' was not found", "NOT_FOUND"),
                "409" => ApiResult.Error(409, "alreadyExists", $"The resource '{what}' already exists", "ALREADY_EXISTS"),
                "quotaExceeded" => ApiResult.Error(403, "quotaExceeded", $"Quota 'CPUS' exceeded.  Limit: 8.0 in region {Region(call.Zone)}.", "PERMISSION_DENIED"),
                _ => ApiResult.Error(500, "backendError", "Unknown injected fault."),
            };
        }

        private static string Region(string zone) => zone.Contains('-') ? zone.Substring(0, zone.LastIndexOf('-')) : zone;

        private static string Key(string project, string zone, string name) => $"{project}/{zone}/{name}";

        private string ZoneUrl(string project, string zone) => $"{ComputeBase}projects/{project}/zones/{zone}";

        private string Stamp(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

        private ulong NextId() => _nextId++;

        private static ApiResult Invalid(string field, string value, string why) =>
            ApiResult.Error(400, "invalid", $"Invalid value for field '{field}': '{value}'. {why}");

        private static ApiResult NotFound(string what) => ApiResult.Error(404, "notFound", $"The resource '{what}' was not found");
    }
}
