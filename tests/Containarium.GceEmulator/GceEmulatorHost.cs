using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Containarium.GceEmulator
{
    /// <summary>
    /// Hosts the emulator on Kestrel. Routes (relative to <see cref="BaseUrl"/>):
    /// <list type="bullet">
    /// <item><c>compute/v1/projects/{p}/zones/{z}/instances[/{name}[/start|/stop]]</c>, <c>…/disks/{name}</c>,
    /// <c>…/operations[/{name}[/wait]]</c> — bearer token required (401 in Google's shape otherwise);</item>
    /// <item><c>POST token</c> — OAuth JWT-bearer grant for service-account JSON files whose token_uri points here;</item>
    /// <item><c>GET computeMetadata/v1/instance/service-accounts/default/token</c> — metadata-server token (header Metadata-Flavor: Google);</item>
    /// <item><c>emulator/…</c> — admin (no token): <c>POST emulator/faults</c> {method, kind, count, zone, retryAfterSeconds},
    /// <c>DELETE emulator/faults</c>, <c>POST emulator/preempt</c> {project, zone, instance}, <c>GET|POST emulator/backends</c>
    /// {instance, host, sshPort}, <c>POST emulator/tokens</c> {token}, <c>POST emulator/service-accounts</c>
    /// {clientEmail, publicKeyPem}, <c>GET|DELETE emulator/requests</c>, <c>POST emulator/reset</c>.</item>
    /// </list>
    /// </summary>
    public sealed class GceEmulatorHost : IAsyncDisposable
    {
        private static readonly Regex ComputeRoute = new Regex(
            "^/compute/v1/projects/([a-z][a-z0-9.:-]{0,62})/zones/([a-z0-9-]{1,63})/(instances|disks|operations)(?:/([A-Za-z0-9_-]{1,128})(?:/(start|stop|wait))?)?$",
            RegexOptions.CultureInvariant);

        // Google writes ' and " in messages as they are; the default encoder would escape them as \u0027.
        private static readonly JsonSerializerOptions Relaxed = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private readonly WebApplication _app;

        private GceEmulatorHost(WebApplication app, EmulatorState state, string baseUrl)
        {
            _app = app;
            State = state;
            BaseUrl = baseUrl;
        }

        public EmulatorState State { get; }

        /// <summary>"http://127.0.0.1:PORT/".</summary>
        public string BaseUrl { get; }

        /// <summary>Value for $env:CONTAINARIUM_GCE_ENDPOINT: "http://127.0.0.1:PORT/compute/v1/".</summary>
        public string ComputeEndpoint => State.ComputeBase;

        /// <summary>token_uri for service-account JSON files.</summary>
        public string TokenUrl => State.TokenUrl;

        public string MetadataTokenUrl => BaseUrl + "computeMetadata/v1/instance/service-accounts/default/token";

        /// <summary>Starts on <paramref name="url"/> (port 0 picks a free port) and returns once listening.</summary>
        public static async Task<GceEmulatorHost> StartAsync(EmulatorOptions? options = null, string url = "http://127.0.0.1:0", bool log = false, CancellationToken cancellationToken = default)
        {
            var state = new EmulatorState(options ?? new EmulatorOptions());
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            if (log) builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseUrls(url);
            var app = builder.Build();
            app.Run(ctx => DispatchAsync(ctx, state, log));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseUrl = address.Replace("://[::]:", "://127.0.0.1:").Replace("://0.0.0.0:", "://127.0.0.1:").Replace("://localhost:", "://127.0.0.1:").TrimEnd('/') + "/";
            state.BaseUrl = baseUrl;
            return new GceEmulatorHost(app, state, baseUrl);
        }

        public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        private static async Task DispatchAsync(HttpContext ctx, EmulatorState state, bool log)
        {
            var path = ctx.Request.Path.Value ?? "/";
            try
            {
                if (path.StartsWith("/compute/v1/", StringComparison.Ordinal)) await ComputeAsync(ctx, state, path).ConfigureAwait(false);
                else if (path == "/token") await TokenAsync(ctx, state).ConfigureAwait(false);
                else if (path == "/computeMetadata/v1/instance/service-accounts/default/token") await MetadataAsync(ctx, state).ConfigureAwait(false);
                else if (path.StartsWith("/emulator/", StringComparison.Ordinal)) await AdminAsync(ctx, state, path).ConfigureAwait(false);
                else await WriteAsync(ctx, ApiResult.Error(404, "notFound", $"The requested URL {path} was not found on this server.")).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is JsonException)
            {
                await WriteAsync(ctx, ApiResult.Error(400, "badRequest", e.Message)).ConfigureAwait(false);
            }
            catch (Exception e) when (log)
            {
                Console.Error.WriteLine($"gce-emulator: {ctx.Request.Method} {path}: {e}");
                throw;
            }
        }

        private static async Task ComputeAsync(HttpContext ctx, EmulatorState state, string path)
        {
            var m = ComputeRoute.Match(path);
            var verb = ctx.Request.Method;
            string? method = null;
            if (m.Success)
            {
                var collection = m.Groups[3].Value;
                var hasName = m.Groups[4].Success;
                var action = m.Groups[5].Success ? m.Groups[5].Value : null;
                method = (collection, hasName, action, verb) switch
                {
                    ("instances", false, null, "POST") => "instances.insert",
                    ("instances", false, null, "GET") => "instances.list",
                    ("instances", true, null, "GET") => "instances.get",
                    ("instances", true, null, "DELETE") => "instances.delete",
                    ("instances", true, "start", "POST") => "instances.start",
                    ("instances", true, "stop", "POST") => "instances.stop",
                    ("disks", true, null, "GET") => "disks.get",
                    ("disks", true, null, "DELETE") => "disks.delete",
                    ("operations", false, null, "GET") => "zoneOperations.list",
                    ("operations", true, null, "GET") => "zoneOperations.get",
                    ("operations", true, "wait", "POST") => "zoneOperations.wait",
                    _ => null,
                };
            }
            var zone = m.Success ? m.Groups[2].Value : null;
            var auth = ctx.Request.Headers.Authorization.ToString();
            var bearer = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth.Substring(7).Trim() : null;
            var authorized = state.IsAuthorized(bearer);
            var body = verb == "POST" ? await new StreamReader(ctx.Request.Body).ReadToEndAsync().ConfigureAwait(false) : null;
            var record = new RequestRecord
            {
                Method = method ?? "unknown",
                HttpMethod = verb,
                Path = path,
                Query = ctx.Request.QueryString.Value ?? "",
                Zone = zone,
                Authorized = authorized,
                Body = method == "instances.insert" ? body : null,
                At = state.Options.Clock(),
            };
            ApiResult result;
            if (!authorized)
            {
                result = string.IsNullOrEmpty(bearer)
                    ? ApiResult.Error(401, "required", "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "UNAUTHENTICATED")
                    : ApiResult.Error(401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "UNAUTHENTICATED");
            }
            else if (method == null)
            {
                result = ApiResult.Error(404, "notFound", $"The requested URL {path} was not found on this server.");
            }
            else
            {
                result = state.Handle(new ApiCall
                {
                    Method = method,
                    Project = m.Groups[1].Value,
                    Zone = zone!,
                    Name = m.Groups[4].Success ? m.Groups[4].Value : null,
                    Query = ctx.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
                    Body = body,
                });
            }
            record.Status = result.Drop ? 0 : result.Status;
            state.Record(record);
            await WriteAsync(ctx, result).ConfigureAwait(false);
        }

        private static async Task TokenAsync(HttpContext ctx, EmulatorState state)
        {
            if (ctx.Request.Method != "POST" || !ctx.Request.HasFormContentType)
            {
                await WriteJsonAsync(ctx, 400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "POST application/x-www-form-urlencoded expected." }).ConfigureAwait(false);
                return;
            }
            var form = await ctx.Request.ReadFormAsync().ConfigureAwait(false);
            var (status, body) = state.ExchangeJwt(form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal));
            await WriteJsonAsync(ctx, status, body).ConfigureAwait(false);
        }

        private static async Task MetadataAsync(HttpContext ctx, EmulatorState state)
        {
            ctx.Response.Headers["Metadata-Flavor"] = "Google";
            if (ctx.Request.Headers["Metadata-Flavor"].ToString() != "Google")
            {
                ctx.Response.StatusCode = 403;
                await ctx.Response.WriteAsync("Missing Metadata-Flavor:Google header.").ConfigureAwait(false);
                return;
            }
            await WriteJsonAsync(ctx, 200, state.MetadataToken()).ConfigureAwait(false);
        }

        private static async Task AdminAsync(HttpContext ctx, EmulatorState state, string path)
        {
            var verb = ctx.Request.Method;
            JsonNode? input = null;
            if (verb == "POST")
            {
                var text = await new StreamReader(ctx.Request.Body).ReadToEndAsync().ConfigureAwait(false);
                input = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
            }
            switch (path, verb)
            {
                case ("/emulator/faults", "POST"):
                    state.InjectFault(input.Deserialize<FaultRule>() ?? throw new ArgumentException("A fault rule is required."));
                    await WriteJsonAsync(ctx, 200, new JsonObject { ["pending"] = state.PendingFaults }).ConfigureAwait(false);
                    return;
                case ("/emulator/faults", "DELETE"):
                    state.ClearFaults();
                    ctx.Response.StatusCode = 204;
                    return;
                case ("/emulator/preempt", "POST"):
                    var ok = state.Preempt(Required(input, "project"), Required(input, "zone"), Required(input, "instance"));
                    await WriteJsonAsync(ctx, ok ? 200 : 404, new JsonObject { ["preempted"] = ok }).ConfigureAwait(false);
                    return;
                case ("/emulator/backends", "GET"):
                    await WriteJsonAsync(ctx, 200, JsonSerializer.SerializeToNode(state.Backends)!).ConfigureAwait(false);
                    return;
                case ("/emulator/backends", "POST"):
                    state.MapBackend(input.Deserialize<BackendMapping>() ?? throw new ArgumentException("A mapping is required."));
                    await WriteJsonAsync(ctx, 200, JsonSerializer.SerializeToNode(state.Backends)!).ConfigureAwait(false);
                    return;
                case ("/emulator/tokens", "POST"):
                    state.AddAccessToken(Required(input, "token"));
                    ctx.Response.StatusCode = 204;
                    return;
                case ("/emulator/service-accounts", "POST"):
                    state.RegisterServiceAccount(Required(input, "clientEmail"), Required(input, "publicKeyPem"));
                    ctx.Response.StatusCode = 204;
                    return;
                case ("/emulator/requests", "GET"):
                    await WriteJsonAsync(ctx, 200, JsonSerializer.SerializeToNode(state.Requests)!).ConfigureAwait(false);
                    return;
                case ("/emulator/requests", "DELETE"):
                    state.ClearRequests();
                    ctx.Response.StatusCode = 204;
                    return;
                case ("/emulator/reset", "POST"):
                    state.Reset();
                    ctx.Response.StatusCode = 204;
                    return;
                default:
                    await WriteJsonAsync(ctx, 404, new JsonObject { ["error"] = $"No admin endpoint {verb} {path}." }).ConfigureAwait(false);
                    return;
            }
        }

        private static string Required(JsonNode? input, string name) =>
            (string?)input?[name] is { Length: > 0 } v ? v : throw new ArgumentException($"'{name}' is required.");

        private static Task WriteAsync(HttpContext ctx, ApiResult result)
        {
            if (result.Drop)
            {
                ctx.Abort(); // the client sees a dropped connection
                return Task.CompletedTask;
            }
            if (result.RetryAfterSeconds.HasValue) ctx.Response.Headers["Retry-After"] = result.RetryAfterSeconds.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WriteJsonAsync(ctx, result.Status, result.Body ?? new JsonObject());
        }

        private static Task WriteJsonAsync(HttpContext ctx, int status, JsonNode body)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json; charset=UTF-8";
            return ctx.Response.WriteAsync(body.ToJsonString(Relaxed));
        }
    }
}
