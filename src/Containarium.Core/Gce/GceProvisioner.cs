using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.Core.Gce
{
    /// <summary>Where a backend VM was created, and what the zones tried before it answered.</summary>
    public sealed class GceProvisionResult
    {
        public GceProvisionResult(string project, string zone, GceInstance instance, IReadOnlyList<GceZoneFailure> skippedZones)
        {
            Project = project;
            Zone = zone;
            Instance = instance;
            SkippedZones = skippedZones;
        }

        public string Project { get; }
        public string Zone { get; }
        public GceInstance Instance { get; }

        /// <summary>Zones that had no capacity or quota, in the order tried.</summary>
        public IReadOnlyList<GceZoneFailure> SkippedZones { get; }
    }

    /// <summary>
    /// Creates a backend VM in the first of several zones that has capacity: on ZONE_RESOURCE_POOL_EXHAUSTED(_WITH_DETAILS)
    /// or QUOTA_EXCEEDED — answered by the insert call or by its operation — the next zone is tried. Any other error
    /// stops at once. The final error lists every zone's failure.
    /// </summary>
    public sealed class GceProvisioner
    {
        private readonly GceClient _client;

        public GceProvisioner(GceClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(10);
        public TimeSpan RunningTimeout { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>Progress lines ("us-central1-a: ZONE_RESOURCE_POOL_EXHAUSTED, trying us-central1-b").</summary>
        public Action<string>? Progress { get; set; }

        /// <summary>The insert bodies per zone, built and validated before anything is sent (what -WhatIf shows).</summary>
        public static IReadOnlyList<(string Zone, JsonObject Body)> Plan(InstanceSpec spec, IReadOnlyList<string> zones)
        {
            if (zones == null || zones.Count == 0) throw new ArgumentException("At least one zone is required.", nameof(zones));
            if (zones.Distinct(StringComparer.Ordinal).Count() != zones.Count) throw new ArgumentException("A zone is listed twice.", nameof(zones));
            return zones.Select(z => (z, InstanceBodyBuilder.Build(spec, z))).ToList();
        }

        public async Task<GceProvisionResult> CreateAsync(string project, IReadOnlyList<string> zones, InstanceSpec spec, CancellationToken cancellationToken = default)
        {
            GceNames.EnsureProject(project);
            var plan = Plan(spec, zones);
            var failures = new List<GceZoneFailure>();
            for (var i = 0; i < plan.Count; i++)
            {
                var (zone, body) = plan[i];
                try
                {
                    Progress?.Invoke($"{zone}: creating instance {spec.Name}");
                    var op = await _client.InsertInstanceAsync(project, zone, body, Guid.NewGuid().ToString(), cancellationToken).ConfigureAwait(false);
                    await _client.WaitForOperationAsync(project, zone, op, OperationTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (GceException e) when (e.IsCapacityOrQuota)
                {
                    failures.Add(new GceZoneFailure(zone, e.Reason, e.Message));
                    Progress?.Invoke(i + 1 < plan.Count ? $"{zone}: {e.Reason}, trying {plan[i + 1].Zone}" : $"{zone}: {e.Reason}");
                    continue;
                }
                catch (GceException e) when (failures.Count > 0)
                {
                    failures.Add(new GceZoneFailure(zone, e.Reason, e.Message));
                    throw new GceException(e.Reason, e.Message + " Zones tried before: " + string.Join("; ", failures.Take(failures.Count - 1)),
                        e.HttpStatus, e.ApiReason, zone, failures);
                }
                var instance = await _client.WaitForStatusAsync(project, zone, spec.Name, GceInstanceStatus.Running, RunningTimeout, cancellationToken).ConfigureAwait(false);
                return new GceProvisionResult(project, zone, instance, failures);
            }
            throw GceException.AllZonesFailed(spec.Name, failures);
        }
    }
}
