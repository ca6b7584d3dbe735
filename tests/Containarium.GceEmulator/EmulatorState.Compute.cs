using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Containarium.GceEmulator
{
    public sealed partial class EmulatorState
    {
        // ---- operations -------------------------------------------------------------------------------------------

        private EmuOperation NewOperation(string project, string zone, string type, EmuInstance? target, string? requestId, string? targetLink = null)
        {
            var id = NextId();
            var op = new EmuOperation
            {
                Project = project,
                Zone = zone,
                Id = id,
                Name = $"operation-{Now.ToUnixTimeMilliseconds()}-{id:x}",
                Type = type,
                TargetLink = targetLink ?? (target == null ? "" : $"{ZoneUrl(project, zone)}/instances/{target.Name}"),
                TargetId = target?.Id ?? 0,
                TargetInstance = target?.Name ?? "",
                ClientOperationId = requestId,
                InsertTime = Now,
                LastAdvance = Now,
            };
            _operations[Key(project, zone, op.Name)] = op;
            if (requestId != null) _byRequestId[Key(project, zone, requestId)] = op;
            return op;
        }

        private void Advance(EmuOperation op, int steps)
        {
            for (var n = 0; n < steps && !op.Done; n++)
            {
                op.Index++;
                if (op.Status == "RUNNING" && op.StartTime == null) op.StartTime = Now;
                if (op.Done)
                {
                    op.StartTime ??= Now;
                    op.EndTime = Now;
                }
                op.OnEnter[op.Index]?.Invoke();
            }
        }

        /// <summary>Time-based progress (when <see cref="EmulatorOptions.StepMilliseconds"/> is set).</summary>
        private void TickAll()
        {
            var step = _options.StepMilliseconds;
            if (step <= 0) return;
            foreach (var op in _operations.Values.Where(o => !o.Done).ToList())
            {
                var due = (int)((Now - op.LastAdvance).TotalMilliseconds / step);
                if (due <= 0) continue;
                Advance(op, due);
                op.LastAdvance += TimeSpan.FromMilliseconds((double)due * step);
            }
        }

        private JsonObject RenderOp(EmuOperation op)
        {
            var o = new JsonObject
            {
                ["kind"] = "compute#operation",
                ["id"] = op.Id.ToString(CultureInfo.InvariantCulture),
                ["name"] = op.Name,
                ["zone"] = ZoneUrl(op.Project, op.Zone),
                ["operationType"] = op.Type,
                ["targetLink"] = op.TargetLink,
                ["targetId"] = op.TargetId.ToString(CultureInfo.InvariantCulture),
                ["status"] = op.Status,
                ["user"] = op.Type == "compute.instances.preempted" ? "system" : "emulator@containarium.test",
                ["progress"] = op.Done ? 100 : op.Status == "RUNNING" ? 50 : 0,
                ["insertTime"] = Stamp(op.InsertTime),
                ["selfLink"] = $"{ZoneUrl(op.Project, op.Zone)}/operations/{op.Name}",
            };
            if (op.StartTime.HasValue) o["startTime"] = Stamp(op.StartTime.Value);
            if (op.EndTime.HasValue) o["endTime"] = Stamp(op.EndTime.Value);
            if (op.ClientOperationId != null) o["clientOperationId"] = op.ClientOperationId;
            if (op.Done && op.Type == "compute.instances.preempted") o["statusMessage"] = "Instance was preempted.";
            if (op.Done && op.ErrorCode != null)
            {
                var error = new JsonObject { ["code"] = op.ErrorCode, ["message"] = op.ErrorMessage };
                if (op.ErrorCode == "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS")
                    error["errorDetails"] = new JsonArray
                    {
                        new JsonObject
                        {
                            ["errorInfo"] = new JsonObject
                            {
                                ["reason"] = "resource_availability",
                                ["domain"] = "compute.googleapis.com",
                                ["metadatas"] = new JsonObject { ["zone"] = op.Zone, ["vmType"] = "e2-standard-4" },
                            },
                        },
                    };
                o["error"] = new JsonObject { ["errors"] = new JsonArray { error } };
                o["httpErrorStatusCode"] = op.HttpErrorStatusCode;
                o["httpErrorMessage"] = op.HttpErrorMessage;
            }
            return o;
        }

        private void FailAtDone(EmuOperation op, string code, Action? rollback)
        {
            var region = Region(op.Zone);
            var (message, http, httpMessage) = code == "QUOTA_EXCEEDED"
                ? ($"Quota 'CPUS' exceeded.  Limit: 8.0 in region {region}.", 403, "FORBIDDEN")
                : ($"The zone 'projects/{op.Project}/zones/{op.Zone}' does not have enough resources available to fulfill the request.  Try a different zone, or try again later.", 503, "SERVICE UNAVAILABLE");
            op.OnEnter[op.OnEnter.Length - 1] = () =>
            {
                op.ErrorCode = code;
                op.ErrorMessage = message;
                op.HttpErrorStatusCode = http;
                op.HttpErrorMessage = httpMessage;
                rollback?.Invoke();
            };
        }

        private ApiResult GetOperation(ApiCall call, bool wait)
        {
            if (!_operations.TryGetValue(Key(call.Project, call.Zone, call.Name!), out var op))
                return NotFound($"projects/{call.Project}/zones/{call.Zone}/operations/{call.Name}");
            if (!op.AdvancesOnInstanceRead) Advance(op, Math.Max(0, _options.StepsPerPoll));
            return ApiResult.Ok(RenderOp(op));
        }

        private ApiResult ListOperations(ApiCall call)
        {
            ListFilter filter;
            try
            {
                filter = ListFilter.Parse(call.Query.GetValueOrDefault("filter"));
            }
            catch (FormatException e)
            {
                return ApiResult.Error(400, "invalid", e.Message);
            }
            var items = new JsonArray();
            foreach (var op in _operations.Values.Where(o => o.Project == call.Project && o.Zone == call.Zone).OrderBy(o => o.InsertTime))
            {
                var rendered = RenderOp(op);
                if (filter.Matches(f => (string?)rendered[f])) items.Add(rendered);
            }
            return ApiResult.Ok(new JsonObject
            {
                ["kind"] = "compute#operationList",
                ["id"] = $"projects/{call.Project}/zones/{call.Zone}/operations",
                ["items"] = items,
                ["selfLink"] = $"{ZoneUrl(call.Project, call.Zone)}/operations",
            });
        }

        // ---- instances --------------------------------------------------------------------------------------------

        private ApiResult Insert(ApiCall call, FaultRule? opFault)
        {
            JsonObject body;
            try
            {
                body = JsonNode.Parse(string.IsNullOrEmpty(call.Body) ? "null" : call.Body) as JsonObject
                       ?? throw new JsonException("Required field 'resource' not specified");
            }
            catch (JsonException e)
            {
                return ApiResult.Error(400, "parseError", "Invalid JSON payload received. " + e.Message, "INVALID_ARGUMENT");
            }
            var violation = ComputeSchema.Validate(body, ComputeSchema.Instance());
            if (violation != null) return ApiResult.Error(400, "invalid", violation.Message, "INVALID_ARGUMENT");
            var semantic = CheckInstanceBody(body, call.Zone);
            if (semantic != null) return semantic;

            var name = (string)body["name"]!;
            var requestId = call.Query.GetValueOrDefault("requestId");
            if (requestId != null && _byRequestId.TryGetValue(Key(call.Project, call.Zone, requestId), out var previous))
                return ApiResult.Ok(RenderOp(previous));
            var key = Key(call.Project, call.Zone, name);
            if (_instances.ContainsKey(key))
                return ApiResult.Error(409, "alreadyExists", $"The resource 'projects/{call.Project}/zones/{call.Zone}/instances/{name}' already exists");

            if (opFault != null)
            {
                // Capacity or quota: the call is accepted, the operation fails, nothing is left behind.
                var failed = NewOperation(call.Project, call.Zone, "insert", null, requestId, $"{ZoneUrl(call.Project, call.Zone)}/instances/{name}");
                failed.Statuses = new[] { "PENDING", "RUNNING", "DONE" };
                failed.OnEnter = new Action?[3];
                FailAtDone(failed, opFault.Kind, null);
                return ApiResult.Ok(RenderOp(failed));
            }

            var instance = new EmuInstance
            {
                Project = call.Project,
                Zone = call.Zone,
                Name = name,
                Id = NextId(),
                Body = body,
                Created = Now,
            };
            var disksResult = AttachDisks(instance, body);
            if (disksResult != null) return disksResult;
            var scheduling = body["scheduling"] as JsonObject;
            instance.Spot = (string?)scheduling?["provisioningModel"] == "SPOT" || (bool?)scheduling?["preemptible"] == true;
            instance.TerminationAction = (string?)scheduling?["instanceTerminationAction"] ?? "STOP";
            AssignAddresses(instance, body);
            _instances[key] = instance;

            var op = NewOperation(call.Project, call.Zone, "insert", instance, requestId);
            op.Statuses = new[] { "PENDING", "RUNNING", "DONE" };
            op.OnEnter = new Action?[]
            {
                null,
                () => instance.Status = "STAGING",
                () => { instance.Status = "RUNNING"; instance.LastStart = Now; },
            };
            return ApiResult.Ok(RenderOp(op));
        }

        /// <summary>Google's checks beyond the schema, for the fields a backend VM uses.</summary>
        private static ApiResult? CheckInstanceBody(JsonObject body, string zone)
        {
            var name = (string?)body["name"];
            if (string.IsNullOrEmpty(name)) return ApiResult.Error(400, "required", "Required field 'resource.name' not specified");
            if (!Rfc1035.IsMatch(name))
                return Invalid("resource.name", name, "Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");
            var machineType = (string?)body["machineType"];
            if (string.IsNullOrEmpty(machineType)) return ApiResult.Error(400, "required", "Required field 'resource.machineType' not specified");
            var mt = System.Text.RegularExpressions.Regex.Match(machineType, "^(?:.*/)?zones/([^/]+)/machineTypes/([a-z0-9-]+)$");
            if (!mt.Success) return Invalid("resource.machineType", machineType, "Expected zones/ZONE/machineTypes/TYPE.");
            if (mt.Groups[1].Value != zone)
                return Invalid("resource.machineType", machineType, $"Cross-zone references are not allowed (instance zone {zone}).");

            var disks = body["disks"] as JsonArray;
            if (disks == null || disks.Count == 0) return ApiResult.Error(400, "required", "Required field 'resource.disks' not specified");
            if (disks.Count(d => (bool?)d?["boot"] == true) != 1)
                return Invalid("resource.disks", disks.Count.ToString(CultureInfo.InvariantCulture), "Exactly one boot disk must be specified.");
            for (var i = 0; i < disks.Count; i++)
            {
                var d = disks[i]!.AsObject();
                var init = d["initializeParams"] as JsonObject;
                var source = (string?)d["source"];
                if ((init == null) == (source == null))
                    return Invalid($"resource.disks[{i}]", d.ToJsonString(), "Exactly one of initializeParams and source must be given.");
                if (init == null) continue;
                if ((bool?)d["boot"] == true && init["sourceImage"] == null && init["sourceSnapshot"] == null)
                    return ApiResult.Error(400, "required", $"Required field 'resource.disks[{i}].initializeParams.sourceImage' not specified");
                var size = init["diskSizeGb"] == null ? 10 : long.Parse(init["diskSizeGb"]!.ToString(), CultureInfo.InvariantCulture);
                if (size < 10) return Invalid($"resource.disks[{i}].initializeParams.diskSizeGb", size.ToString(CultureInfo.InvariantCulture), "Disks must be at least 10 GB.");
                var diskType = (string?)init["diskType"];
                if (diskType != null)
                {
                    var dt = System.Text.RegularExpressions.Regex.Match(diskType, "^(?:.*/)?zones/([^/]+)/diskTypes/([a-z0-9-]+)$");
                    if (!dt.Success || dt.Groups[1].Value != zone || !DiskTypeName.IsMatch(dt.Groups[2].Value))
                        return Invalid($"resource.disks[{i}].initializeParams.diskType", diskType, "Unknown disk type or zone.");
                }
                var diskName = (string?)init["diskName"];
                if (diskName != null && !Rfc1035.IsMatch(diskName))
                    return Invalid($"resource.disks[{i}].initializeParams.diskName", diskName, "Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");
            }

            if (body["scheduling"] is JsonObject s)
            {
                var spot = (string?)s["provisioningModel"] == "SPOT" || (bool?)s["preemptible"] == true;
                if (spot && (bool?)s["automaticRestart"] == true)
                    return Invalid("resource.scheduling.automaticRestart", "true", "Spot and preemptible instances cannot be automatically restarted.");
                if (spot && (string?)s["onHostMaintenance"] == "MIGRATE")
                    return Invalid("resource.scheduling.onHostMaintenance", "MIGRATE", "Spot and preemptible instances must use TERMINATE.");
                if (!spot && s["instanceTerminationAction"] != null && (string?)s["provisioningModel"] != "FLEX_START")
                    return Invalid("resource.scheduling.instanceTerminationAction", (string)s["instanceTerminationAction"]!, "Only for Spot, preemptible or Flex-start instances.");
            }

            if (body["networkInterfaces"] is JsonArray nics)
            {
                if (nics.Count > 8) return Invalid("resource.networkInterfaces", nics.Count.ToString(CultureInfo.InvariantCulture), "At most 8 network interfaces.");
                for (var i = 0; i < nics.Count; i++)
                    if (nics[i]?["accessConfigs"] is JsonArray acs && (acs.Count > 1 || acs.Any(a => a?["type"] != null && (string?)a["type"] != "ONE_TO_ONE_NAT")))
                        return Invalid($"resource.networkInterfaces[{i}].accessConfigs", acs.ToJsonString(), "Only one access config of type ONE_TO_ONE_NAT is supported.");
            }

            if (body["labels"] is JsonObject labels)
            {
                if (labels.Count > 64) return Invalid("resource.labels", labels.Count.ToString(CultureInfo.InvariantCulture), "At most 64 labels.");
                foreach (var (k, v) in labels)
                {
                    if (!LabelKey.IsMatch(k)) return Invalid("resource.labels", k, "Label keys must match [a-z][a-z0-9_-]{0,62}.");
                    if (!LabelValue.IsMatch((string?)v ?? "")) return Invalid($"resource.labels.{k}", (string?)v ?? "", "Label values must match [a-z0-9_-]{0,63}.");
                }
            }

            if (body["tags"]?["items"] is JsonArray tags)
                foreach (var t in tags)
                    if (!Rfc1035.IsMatch((string?)t ?? ""))
                        return Invalid("resource.tags.items", (string?)t ?? "", "Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");

            if (body["metadata"]?["items"] is JsonArray items)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                long total = 0;
                foreach (var item in items)
                {
                    var k = (string?)item?["key"] ?? "";
                    var v = (string?)item?["value"] ?? "";
                    if (!MetadataKey.IsMatch(k)) return Invalid("resource.metadata.items.key", k, "Must be a match of regex '[a-zA-Z0-9-_]{1,128}'");
                    if (!seen.Add(k)) return Invalid("resource.metadata", k, "Duplicate metadata key.");
                    var bytes = Encoding.UTF8.GetByteCount(v);
                    if (bytes > 262144) return Invalid($"resource.metadata.items[{k}].value", "…", "Value exceeds 262144 bytes.");
                    total += bytes + Encoding.UTF8.GetByteCount(k);
                }
                if (total > 512 * 1024) return Invalid("resource.metadata", "…", "Metadata exceeds 512 KB in total.");
            }
            return null;
        }

        private ApiResult? AttachDisks(EmuInstance instance, JsonObject body)
        {
            var planned = new List<(EmuAttachment Attachment, EmuDisk? New, EmuDisk? Existing)>();
            var disks = (JsonArray)body["disks"]!;
            for (var i = 0; i < disks.Count; i++)
            {
                var d = disks[i]!.AsObject();
                var boot = (bool?)d["boot"] == true;
                var init = d["initializeParams"] as JsonObject;
                var diskName = init != null ? (string?)init["diskName"] ?? (boot ? instance.Name : $"{instance.Name}-{i}") : EmulatorStateNames.Last((string)d["source"]!);
                var attachment = new EmuAttachment
                {
                    DiskName = diskName,
                    DeviceName = (string?)d["deviceName"] ?? $"persistent-disk-{i}",
                    Boot = boot,
                    AutoDelete = (bool?)d["autoDelete"] ?? init != null,
                    Mode = (string?)d["mode"] ?? "READ_WRITE",
                    Type = (string?)d["type"] ?? "PERSISTENT",
                };
                _disks.TryGetValue(Key(instance.Project, instance.Zone, diskName), out var existing);
                if (existing != null && existing.AttachedTo != null)
                    return ApiResult.Error(400, "resourceInUseByAnotherResource",
                        $"The disk resource 'projects/{instance.Project}/zones/{instance.Zone}/disks/{diskName}' is already being used by 'projects/{instance.Project}/zones/{instance.Zone}/instances/{existing.AttachedTo}'");
                if (existing == null && init == null)
                    return Invalid($"resource.disks[{i}].source", (string)d["source"]!, "The referenced disk resource cannot be found.");
                EmuDisk? created = null;
                if (existing == null)
                {
                    created = new EmuDisk
                    {
                        Project = instance.Project,
                        Zone = instance.Zone,
                        Name = diskName,
                        Id = NextId(),
                        Created = Now,
                        SizeGb = init!["diskSizeGb"] == null ? 10 : long.Parse(init["diskSizeGb"]!.ToString(), CultureInfo.InvariantCulture),
                        Type = EmulatorStateNames.Last((string?)init["diskType"] ?? "pd-standard"),
                        Labels = (init["labels"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject(),
                    };
                }
                planned.Add((attachment, created, existing));
            }
            foreach (var (attachment, created, existing) in planned)
            {
                var disk = created ?? existing!;
                disk.AttachedTo = instance.Name;
                _disks[Key(instance.Project, instance.Zone, disk.Name)] = disk;
                instance.Disks.Add(attachment);
            }
            return null;
        }

        private void AssignAddresses(EmuInstance instance, JsonObject body)
        {
            var n = _nextAddress++;
            var mapping = _backends.FirstOrDefault(b => b.Instance == instance.Name) ?? _backends.FirstOrDefault(b => b.Instance == "*");
            var hasNat = (body["networkInterfaces"] as JsonArray)?.FirstOrDefault()?["accessConfigs"] is JsonArray acs && acs.Count > 0;
            instance.NetworkIp = mapping?.Host ?? $"10.128.0.{n % 250 + 2}";
            instance.NatIp = hasNat ? mapping?.Host ?? $"203.0.113.{n % 250 + 2}" : null;
        }

        private ApiResult GetInstance(ApiCall call)
        {
            if (!_instances.TryGetValue(Key(call.Project, call.Zone, call.Name!), out var i))
                return NotFound($"projects/{call.Project}/zones/{call.Zone}/instances/{call.Name}");
            var rendered = Render(i);
            AdvanceSystemOperations(i);
            return ApiResult.Ok(rendered);
        }

        private void AdvanceSystemOperations(EmuInstance i)
        {
            foreach (var op in _operations.Values.Where(o => o.AdvancesOnInstanceRead && !o.Done && o.Project == i.Project && o.Zone == i.Zone && o.TargetInstance == i.Name).ToList())
                Advance(op, 1);
        }

        private ApiResult ListInstances(ApiCall call)
        {
            ListFilter filter;
            try
            {
                filter = ListFilter.Parse(call.Query.GetValueOrDefault("filter"));
            }
            catch (FormatException e)
            {
                return ApiResult.Error(400, "invalid", e.Message);
            }
            var max = call.Query.TryGetValue("maxResults", out var m) && int.TryParse(m, out var mr) && mr > 0 ? Math.Min(mr, 500) : 500;
            var start = call.Query.TryGetValue("pageToken", out var pt) && int.TryParse(pt, out var s) ? s : 0;
            var matching = _instances.Values
                .Where(i => i.Project == call.Project && i.Zone == call.Zone)
                .OrderBy(i => i.Name, StringComparer.Ordinal)
                .Where(i => filter.Matches(f => f switch
                {
                    "name" => i.Name,
                    "status" => i.Status,
                    "id" => i.Id.ToString(CultureInfo.InvariantCulture),
                    _ when f.StartsWith("labels.", StringComparison.Ordinal) => (string?)(i.Body["labels"] as JsonObject)?[f.Substring(7)],
                    _ => null,
                }))
                .ToList();
            var page = matching.Skip(start).Take(max).ToList();
            var items = new JsonArray();
            foreach (var i in page) items.Add(Render(i));
            foreach (var i in page) AdvanceSystemOperations(i);
            var result = new JsonObject
            {
                ["kind"] = "compute#instanceList",
                ["id"] = $"projects/{call.Project}/zones/{call.Zone}/instances",
                ["items"] = items,
                ["selfLink"] = $"{ZoneUrl(call.Project, call.Zone)}/instances",
            };
            if (start + max < matching.Count) result["nextPageToken"] = (start + max).ToString(CultureInfo.InvariantCulture);
            return ApiResult.Ok(result);
        }

        /// <summary>Shared start of start/stop/delete: 404 for a missing instance, the original operation for a repeated requestId.</summary>
        private ApiResult? InstanceActionPrelude(ApiCall call, out EmuInstance i, out string? requestId)
        {
            requestId = call.Query.GetValueOrDefault("requestId");
            if (!_instances.TryGetValue(Key(call.Project, call.Zone, call.Name!), out i!))
                return NotFound($"projects/{call.Project}/zones/{call.Zone}/instances/{call.Name}");
            if (requestId != null && _byRequestId.TryGetValue(Key(call.Project, call.Zone, requestId), out var previous))
                return ApiResult.Ok(RenderOp(previous));
            return null;
        }

        private ApiResult Start(ApiCall call, FaultRule? opFault)
        {
            var early = InstanceActionPrelude(call, out var i, out var requestId);
            if (early != null) return early;
            if (i.Status == "STOPPING" || i.Status == "PENDING_STOP")
                return ApiResult.Error(400, "resourceNotReady", $"The resource 'projects/{call.Project}/zones/{call.Zone}/instances/{i.Name}' is not ready");
            var op = NewOperation(call.Project, call.Zone, "start", i, requestId);
            op.Statuses = new[] { "PENDING", "RUNNING", "DONE" };
            if (i.Status != "TERMINATED" && i.Status != "STOPPED")
            {
                op.OnEnter = new Action?[3]; // already running or starting: nothing to do
                return ApiResult.Ok(RenderOp(op));
            }
            op.OnEnter = new Action?[]
            {
                null,
                () => { i.Status = "STAGING"; i.StatusMessage = null; },
                () => { i.Status = "RUNNING"; i.LastStart = Now; },
            };
            if (opFault != null) FailAtDone(op, opFault.Kind, () => i.Status = "TERMINATED");
            return ApiResult.Ok(RenderOp(op));
        }

        private ApiResult Stop(ApiCall call)
        {
            var early = InstanceActionPrelude(call, out var i, out var requestId);
            if (early != null) return early;
            var op = NewOperation(call.Project, call.Zone, "stop", i, requestId);
            op.Statuses = new[] { "PENDING", "RUNNING", "DONE" };
            op.OnEnter = i.Status == "TERMINATED" || i.Status == "STOPPED"
                ? new Action?[3]
                : new Action?[]
                {
                    null,
                    () => i.Status = "STOPPING",
                    () => { i.Status = "TERMINATED"; i.LastStop = Now; },
                };
            return ApiResult.Ok(RenderOp(op));
        }

        private ApiResult DeleteInstance(ApiCall call)
        {
            var early = InstanceActionPrelude(call, out var i, out var requestId);
            if (early != null) return early;
            var op = NewOperation(call.Project, call.Zone, "delete", i, requestId);
            op.Statuses = new[] { "PENDING", "RUNNING", "DONE" };
            op.OnEnter = new Action?[] { null, () => i.Status = "STOPPING", () => RemoveInstance(i) };
            return ApiResult.Ok(RenderOp(op));
        }

        private void RemoveInstance(EmuInstance i)
        {
            _instances.Remove(Key(i.Project, i.Zone, i.Name));
            foreach (var a in i.Disks)
            {
                var key = Key(i.Project, i.Zone, a.DiskName);
                if (!_disks.TryGetValue(key, out var disk)) continue;
                if (a.AutoDelete) _disks.Remove(key);
                else disk.AttachedTo = null;
            }
        }

        // ---- disks ------------------------------------------------------------------------------------------------

        private ApiResult GetDisk(ApiCall call)
        {
            if (!_disks.TryGetValue(Key(call.Project, call.Zone, call.Name!), out var d))
                return NotFound($"projects/{call.Project}/zones/{call.Zone}/disks/{call.Name}");
            var o = new JsonObject
            {
                ["kind"] = "compute#disk",
                ["id"] = d.Id.ToString(CultureInfo.InvariantCulture),
                ["name"] = d.Name,
                ["sizeGb"] = d.SizeGb.ToString(CultureInfo.InvariantCulture),
                ["zone"] = ZoneUrl(d.Project, d.Zone),
                ["status"] = "READY",
                ["type"] = $"{ZoneUrl(d.Project, d.Zone)}/diskTypes/{d.Type}",
                ["labels"] = d.Labels.DeepClone(),
                ["creationTimestamp"] = Stamp(d.Created),
                ["selfLink"] = $"{ZoneUrl(d.Project, d.Zone)}/disks/{d.Name}",
            };
            if (d.AttachedTo != null) o["users"] = new JsonArray { $"{ZoneUrl(d.Project, d.Zone)}/instances/{d.AttachedTo}" };
            return ApiResult.Ok(o);
        }

        private ApiResult DeleteDisk(ApiCall call)
        {
            var key = Key(call.Project, call.Zone, call.Name!);
            if (!_disks.TryGetValue(key, out var d))
                return NotFound($"projects/{call.Project}/zones/{call.Zone}/disks/{call.Name}");
            if (d.AttachedTo != null)
                return ApiResult.Error(400, "resourceInUseByAnotherResource",
                    $"The disk resource 'projects/{d.Project}/zones/{d.Zone}/disks/{d.Name}' is already being used by 'projects/{d.Project}/zones/{d.Zone}/instances/{d.AttachedTo}'");
            var requestId = call.Query.GetValueOrDefault("requestId");
            if (requestId != null && _byRequestId.TryGetValue(Key(call.Project, call.Zone, requestId), out var previous))
                return ApiResult.Ok(RenderOp(previous));
            var op = NewOperation(call.Project, call.Zone, "delete", null, requestId, $"{ZoneUrl(d.Project, d.Zone)}/disks/{d.Name}");
            op.TargetId = d.Id;
            op.Statuses = new[] { "PENDING", "DONE" };
            op.OnEnter = new Action?[] { null, () => _disks.Remove(key) };
            return ApiResult.Ok(RenderOp(op));
        }

        // ---- rendering --------------------------------------------------------------------------------------------

        private string FullUrl(string partial, string project) =>
            partial.StartsWith("http", StringComparison.Ordinal) ? partial
            : partial.StartsWith("projects/", StringComparison.Ordinal) ? ComputeBase + partial
            : $"{ComputeBase}projects/{project}/{partial}";

        private JsonObject Render(EmuInstance i)
        {
            var b = i.Body;
            var zoneUrl = ZoneUrl(i.Project, i.Zone);
            var o = new JsonObject
            {
                ["kind"] = "compute#instance",
                ["id"] = i.Id.ToString(CultureInfo.InvariantCulture),
                ["creationTimestamp"] = Stamp(i.Created),
                ["name"] = i.Name,
            };
            if (b["description"] != null) o["description"] = b["description"]!.DeepClone();
            var tags = new JsonObject { ["fingerprint"] = "42WmSpB8rSM=" };
            if (b["tags"]?["items"] is JsonArray ti) tags["items"] = ti.DeepClone();
            o["tags"] = tags;
            o["machineType"] = FullUrl((string)b["machineType"]!, i.Project);
            o["status"] = i.Status;
            if (i.StatusMessage != null) o["statusMessage"] = i.StatusMessage;
            o["zone"] = zoneUrl;
            o["canIpForward"] = (bool?)b["canIpForward"] ?? false;

            var nics = new JsonArray();
            var inputNics = b["networkInterfaces"] as JsonArray ?? new JsonArray { new JsonObject() };
            for (var n = 0; n < inputNics.Count; n++)
            {
                var nin = inputNics[n] as JsonObject ?? new JsonObject();
                var nic = new JsonObject
                {
                    ["kind"] = "compute#networkInterface",
                    ["network"] = FullUrl((string?)nin["network"] ?? "global/networks/default", i.Project),
                };
                if (nin["subnetwork"] != null) nic["subnetwork"] = FullUrl((string)nin["subnetwork"]!, i.Project);
                nic["networkIP"] = n == 0 ? i.NetworkIp : $"10.{128 + n}.0.2";
                nic["name"] = "nic" + n;
                if (n == 0 && i.NatIp != null)
                {
                    var ac = (nin["accessConfigs"] as JsonArray)?.FirstOrDefault() as JsonObject;
                    nic["accessConfigs"] = new JsonArray
                    {
                        new JsonObject
                        {
                            ["kind"] = "compute#accessConfig",
                            ["type"] = "ONE_TO_ONE_NAT",
                            ["name"] = (string?)ac?["name"] ?? "External NAT",
                            ["natIP"] = i.NatIp,
                            ["networkTier"] = (string?)ac?["networkTier"] ?? "PREMIUM",
                        },
                    };
                }
                nic["fingerprint"] = "ZqJ1Hq4bS1Q=";
                nic["stackType"] = (string?)nin["stackType"] ?? "IPV4_ONLY";
                nics.Add(nic);
            }
            o["networkInterfaces"] = nics;

            var disks = new JsonArray();
            for (var d = 0; d < i.Disks.Count; d++)
            {
                var a = i.Disks[d];
                _disks.TryGetValue(Key(i.Project, i.Zone, a.DiskName), out var disk);
                disks.Add(new JsonObject
                {
                    ["kind"] = "compute#attachedDisk",
                    ["type"] = a.Type,
                    ["mode"] = a.Mode,
                    ["source"] = $"{zoneUrl}/disks/{a.DiskName}",
                    ["deviceName"] = a.DeviceName,
                    ["index"] = d,
                    ["boot"] = a.Boot,
                    ["autoDelete"] = a.AutoDelete,
                    ["interface"] = "SCSI",
                    ["diskSizeGb"] = (disk?.SizeGb ?? 10).ToString(CultureInfo.InvariantCulture),
                });
            }
            o["disks"] = disks;

            var metadata = new JsonObject { ["kind"] = "compute#metadata", ["fingerprint"] = "mK7jJmP3ZQk=" };
            if (b["metadata"]?["items"] is JsonArray mi) metadata["items"] = mi.DeepClone();
            o["metadata"] = metadata;
            o["selfLink"] = $"{zoneUrl}/instances/{i.Name}";

            var scheduling = (b["scheduling"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
            scheduling["onHostMaintenance"] ??= i.Spot ? "TERMINATE" : "MIGRATE";
            scheduling["automaticRestart"] ??= !i.Spot;
            scheduling["preemptible"] ??= (string?)scheduling["provisioningModel"] == "SPOT";
            scheduling["provisioningModel"] ??= "STANDARD";
            o["scheduling"] = scheduling;
            o["cpuPlatform"] = "Intel Broadwell";
            if (b["labels"] is JsonObject labels) o["labels"] = labels.DeepClone();
            o["labelFingerprint"] = "vezUS-42LLM=";
            o["startRestricted"] = false;
            o["deletionProtection"] = (bool?)b["deletionProtection"] ?? false;
            if (i.LastStart.HasValue) o["lastStartTimestamp"] = Stamp(i.LastStart.Value);
            if (i.LastStop.HasValue) o["lastStopTimestamp"] = Stamp(i.LastStop.Value);
            return o;
        }
    }

    internal static class EmulatorStateNames
    {
        public static string Last(string url)
        {
            var i = url.LastIndexOf('/');
            return i < 0 ? url : url.Substring(i + 1);
        }
    }
}
