using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Containarium.GceEmulator
{
    /// <summary>
    /// The part of the Compute v1 schema the emulator checks request bodies against. Property names, types and enum
    /// values are taken from Google's discovery document: googleapis/google-api-dotnet-client,
    /// DiscoveryJson/compute.v1.json at commit 1417af4590cf44303c2223f3303366ace1c73f4d ("revision": "20260908"),
    /// schemas Instance, AttachedDisk, AttachedDiskInitializeParams, NetworkInterface, AccessConfig, Metadata
    /// (items: key/value), Tags, Scheduling, SchedulingOnInstanceStopAction, SchedulingGracefulShutdown, Duration,
    /// ServiceAccount. Every property of those schemas is listed, read-only ones included (Google ignores them on
    /// input); properties whose schema is not modelled here are accepted as any JSON object (Opaque). Names not
    /// listed are refused, as Google refuses them ("Unknown name … Cannot find field").
    /// </summary>
    public sealed class SchemaNode
    {
        public string Kind { get; private set; } = "object"; // object | string | bool | int32 | int64 | array | map | opaque
        public string? Name { get; private set; }
        public Dictionary<string, Func<SchemaNode>> Properties { get; } = new Dictionary<string, Func<SchemaNode>>(StringComparer.Ordinal);
        public string[]? Enum { get; private set; }
        public Func<SchemaNode>? Items { get; private set; }

        public static SchemaNode Object(string name, params (string Key, Func<SchemaNode> Node)[] props)
        {
            var n = new SchemaNode { Kind = "object", Name = name };
            foreach (var (k, v) in props) n.Properties[k] = v;
            return n;
        }

        public static SchemaNode Str(params string[] values) => new SchemaNode { Kind = "string", Enum = values.Length == 0 ? null : values };
        public static SchemaNode Bool() => new SchemaNode { Kind = "bool" };
        public static SchemaNode Int32() => new SchemaNode { Kind = "int32" };
        public static SchemaNode Int64() => new SchemaNode { Kind = "int64" };
        public static SchemaNode StringMap() => new SchemaNode { Kind = "map" };
        public static SchemaNode Opaque() => new SchemaNode { Kind = "opaque" };
        public static SchemaNode Array(Func<SchemaNode> items) => new SchemaNode { Kind = "array", Items = items };
    }

    public sealed class SchemaViolation
    {
        public SchemaViolation(string field, string message)
        {
            Field = field;
            Message = message;
        }

        public string Field { get; }
        public string Message { get; }
    }

    public static class ComputeSchema
    {
        private static SchemaNode S(params string[] e) => SchemaNode.Str(e);
        private static readonly Func<SchemaNode> Str = () => SchemaNode.Str();
        private static readonly Func<SchemaNode> Bool = SchemaNode.Bool;
        private static readonly Func<SchemaNode> I32 = SchemaNode.Int32;
        private static readonly Func<SchemaNode> I64 = SchemaNode.Int64;
        private static readonly Func<SchemaNode> Map = SchemaNode.StringMap;
        private static readonly Func<SchemaNode> Opaque = SchemaNode.Opaque;
        private static readonly Func<SchemaNode> StrArray = () => SchemaNode.Array(Str);
        private static readonly Func<SchemaNode> OpaqueArray = () => SchemaNode.Array(Opaque);

        public static SchemaNode Instance() => SchemaNode.Object("Instance",
            ("advancedMachineFeatures", Opaque),
            ("canIpForward", Bool),
            ("confidentialInstanceConfig", Opaque),
            ("cpuPlatform", Str),
            ("creationTimestamp", Str),
            ("deletionProtection", Bool),
            ("description", Str),
            ("disks", () => SchemaNode.Array(AttachedDisk)),
            ("displayDevice", Opaque),
            ("fingerprint", Str),
            ("guestAccelerators", OpaqueArray),
            ("hostname", Str),
            ("id", Str),
            ("instanceEncryptionKey", Opaque),
            ("keyRevocationActionType", () => S("KEY_REVOCATION_ACTION_TYPE_UNSPECIFIED", "NONE", "STOP")),
            ("kind", Str),
            ("labelFingerprint", Str),
            ("labels", Map),
            ("lastStartTimestamp", Str),
            ("lastStopTimestamp", Str),
            ("lastSuspendedTimestamp", Str),
            ("localSsdEncryptionMode", () => S("EPHEMERAL_KEY_ENCRYPTION", "LOCAL_SSD_ENCRYPTION_MODE_UNSPECIFIED", "STANDARD_ENCRYPTION")),
            ("machineType", Str),
            ("metadata", Metadata),
            ("minCpuPlatform", Str),
            ("name", Str),
            ("networkInterfaces", () => SchemaNode.Array(NetworkInterface)),
            ("networkPerformanceConfig", Opaque),
            ("params", Opaque),
            ("privateIpv6GoogleAccess", () => S("ENABLE_BIDIRECTIONAL_ACCESS_TO_GOOGLE", "ENABLE_OUTBOUND_VM_ACCESS_TO_GOOGLE", "INHERIT_FROM_SUBNETWORK")),
            ("reservationAffinity", Opaque),
            ("resourcePolicies", StrArray),
            ("resourceStatus", Opaque),
            ("satisfiesPzi", Bool),
            ("satisfiesPzs", Bool),
            ("scheduling", Scheduling),
            ("selfLink", Str),
            ("serviceAccounts", () => SchemaNode.Array(ServiceAccount)),
            ("shieldedInstanceConfig", Opaque),
            ("shieldedInstanceIntegrityPolicy", Opaque),
            ("sourceMachineImage", Str),
            ("sourceMachineImageEncryptionKey", Opaque),
            ("startRestricted", Bool),
            ("status", () => S("DEPROVISIONING", "PENDING", "PENDING_STOP", "PROVISIONING", "REPAIRING", "RUNNING", "STAGING", "STOPPED", "STOPPING", "SUSPENDED", "SUSPENDING", "TERMINATED")),
            ("statusMessage", Str),
            ("tags", Tags),
            ("workloadIdentityConfig", Opaque),
            ("zone", Str));

        public static SchemaNode AttachedDisk() => SchemaNode.Object("AttachedDisk",
            ("architecture", () => S("ARCHITECTURE_UNSPECIFIED", "ARM64", "X86_64")),
            ("autoDelete", Bool),
            ("boot", Bool),
            ("deviceName", Str),
            ("diskEncryptionKey", Opaque),
            ("diskSizeGb", I64),
            ("forceAttach", Bool),
            ("guestOsFeatures", OpaqueArray),
            ("index", I32),
            ("initializeParams", AttachedDiskInitializeParams),
            ("interface", () => S("NVME", "SCSI")),
            ("kind", Str),
            ("licenses", StrArray),
            ("mode", () => S("READ_ONLY", "READ_WRITE")),
            ("savedState", () => S("DISK_SAVED_STATE_UNSPECIFIED", "PRESERVED")),
            ("shieldedInstanceInitialState", Opaque),
            ("source", Str),
            ("type", () => S("PERSISTENT", "SCRATCH")));

        public static SchemaNode AttachedDiskInitializeParams() => SchemaNode.Object("AttachedDiskInitializeParams",
            ("architecture", () => S("ARCHITECTURE_UNSPECIFIED", "ARM64", "X86_64")),
            ("description", Str),
            ("diskName", Str),
            ("diskSizeGb", I64),
            ("diskType", Str),
            ("enableConfidentialCompute", Bool),
            ("labels", Map),
            ("licenses", StrArray),
            ("onUpdateAction", () => S("RECREATE_DISK", "RECREATE_DISK_IF_SOURCE_CHANGED", "USE_EXISTING_DISK")),
            ("provisionedIops", I64),
            ("provisionedThroughput", I64),
            ("replicaZones", StrArray),
            ("resourceManagerTags", Map),
            ("resourcePolicies", StrArray),
            ("sourceImage", Str),
            ("sourceImageEncryptionKey", Opaque),
            ("sourceSnapshot", Str),
            ("sourceSnapshotEncryptionKey", Opaque),
            ("storagePool", Str));

        public static SchemaNode NetworkInterface() => SchemaNode.Object("NetworkInterface",
            ("accessConfigs", () => SchemaNode.Array(AccessConfig)),
            ("aliasIpRanges", OpaqueArray),
            ("aliasIpv6Ranges", OpaqueArray),
            ("enableVpcScopedDns", Bool),
            ("fingerprint", Str),
            ("igmpQuery", () => S("IGMP_QUERY_DISABLED", "IGMP_QUERY_V2")),
            ("internalIpv6PrefixLength", I32),
            ("ipv6AccessConfigs", () => SchemaNode.Array(AccessConfig)),
            ("ipv6AccessType", () => S("EXTERNAL", "INTERNAL")),
            ("ipv6Address", Str),
            ("kind", Str),
            ("name", Str),
            ("network", Str),
            ("networkAttachment", Str),
            ("networkIP", Str),
            ("nicType", () => S("GVNIC", "IDPF", "IRDMA", "MRDMA", "UNSPECIFIED_NIC_TYPE", "VIRTIO_NET")),
            ("parentNicName", Str),
            ("queueCount", I32),
            ("serviceClassId", Str),
            ("stackType", () => S("IPV4_IPV6", "IPV4_ONLY", "IPV6_ONLY")),
            ("subnetwork", Str),
            ("vlan", I32));

        public static SchemaNode AccessConfig() => SchemaNode.Object("AccessConfig",
            ("externalIpv6", Str),
            ("externalIpv6PrefixLength", I32),
            ("kind", Str),
            ("name", Str),
            ("natIP", Str),
            ("networkTier", () => S("FIXED_STANDARD", "PREMIUM", "STANDARD", "STANDARD_OVERRIDES_FIXED_STANDARD")),
            ("publicPtrDomainName", Str),
            ("securityPolicy", Str),
            ("setPublicPtr", Bool),
            ("type", () => S("DIRECT_IPV6", "ONE_TO_ONE_NAT")));

        public static SchemaNode Metadata() => SchemaNode.Object("Metadata",
            ("fingerprint", Str),
            ("items", () => SchemaNode.Array(() => SchemaNode.Object("Metadata.items", ("key", Str), ("value", Str)))),
            ("kind", Str));

        public static SchemaNode Tags() => SchemaNode.Object("Tags",
            ("fingerprint", Str),
            ("items", StrArray));

        public static SchemaNode Scheduling() => SchemaNode.Object("Scheduling",
            ("automaticRestart", Bool),
            ("availabilityDomain", I32),
            ("exposeHostTopology", Bool),
            ("gracefulShutdown", () => SchemaNode.Object("SchedulingGracefulShutdown", ("enabled", Bool), ("maxDuration", Duration))),
            ("hostErrorTimeoutSeconds", I32),
            ("instanceTerminationAction", () => S("DELETE", "INSTANCE_TERMINATION_ACTION_UNSPECIFIED", "STOP")),
            ("localSsdRecoveryTimeout", Duration),
            ("locationHint", Str),
            ("maxRunDuration", Duration),
            ("minNodeCpus", I32),
            ("nodeAffinities", OpaqueArray),
            ("onHostMaintenance", () => S("MIGRATE", "TERMINATE")),
            ("onInstanceStopAction", () => SchemaNode.Object("SchedulingOnInstanceStopAction", ("discardLocalSsd", Bool))),
            ("preemptible", Bool),
            ("preemptionNoticeDuration", Duration),
            ("provisioningModel", () => S("FLEX_START", "RESERVATION_BOUND", "SPOT", "STANDARD")),
            ("skipGuestOsShutdown", Bool),
            ("terminationTime", Str));

        // Duration: {seconds (int64), nanos (int32)}.
        public static SchemaNode Duration() => SchemaNode.Object("Duration", ("nanos", I32), ("seconds", I64));

        // ServiceAccount: {email, scopes[]}.
        public static SchemaNode ServiceAccount() => SchemaNode.Object("ServiceAccount", ("email", Str), ("scopes", StrArray));

        /// <summary>Checks <paramref name="node"/> against <paramref name="schema"/>; the first violation, or null.</summary>
        public static SchemaViolation? Validate(JsonNode? node, SchemaNode schema, string path = "resource")
        {
            if (node == null) return null; // JSON null: field not set
            switch (schema.Kind)
            {
                case "opaque":
                    return node is JsonObject ? null : new SchemaViolation(path, $"Invalid value at '{path}' (TYPE_MESSAGE), {Show(node)}");
                case "object":
                    if (node is not JsonObject obj)
                        return new SchemaViolation(path, $"Invalid value at '{path}' (type.googleapis.com/compute.{schema.Name}), {Show(node)}");
                    foreach (var (key, value) in obj)
                    {
                        if (!schema.Properties.TryGetValue(key, out var child))
                            return new SchemaViolation(path, $"Invalid JSON payload received. Unknown name \"{key}\" at '{path}': Cannot find field.");
                        var v = Validate(value, child(), $"{path}.{key}");
                        if (v != null) return v;
                    }
                    return null;
                case "map":
                    if (node is not JsonObject map)
                        return new SchemaViolation(path, $"Invalid value at '{path}' (TYPE_MAP), {Show(node)}");
                    foreach (var (key, value) in map)
                        if (value is not JsonValue sv || sv.GetValueKind() != JsonValueKind.String)
                            return new SchemaViolation($"{path}[{key}]", $"Invalid value at '{path}[{key}]' (TYPE_STRING), {Show(value)}");
                    return null;
                case "array":
                    if (node is not JsonArray arr)
                        return new SchemaViolation(path, $"Invalid value at '{path}' (TYPE_ARRAY), {Show(node)}: Proto field is not repeating, cannot start list.");
                    for (var i = 0; i < arr.Count; i++)
                    {
                        var v = Validate(arr[i], schema.Items!(), $"{path}[{i}]");
                        if (v != null) return v;
                    }
                    return null;
                case "string":
                    if (node is not JsonValue s || s.GetValueKind() != JsonValueKind.String)
                        return new SchemaViolation(path, $"Invalid value at '{path}' (TYPE_STRING), {Show(node)}");
                    if (schema.Enum != null && !schema.Enum.Contains(s.GetValue<string>(), StringComparer.Ordinal))
                        return new SchemaViolation(path, $"Invalid value at '{path}' (enum), {Show(node)}: expected one of {string.Join(", ", schema.Enum)}.");
                    return null;
                case "bool":
                    return node is JsonValue b && (b.GetValueKind() == JsonValueKind.True || b.GetValueKind() == JsonValueKind.False)
                        ? null : new SchemaViolation(path, $"Invalid value at '{path}' (TYPE_BOOL), {Show(node)}");
                case "int32":
                    return node is JsonValue n32 && n32.GetValueKind() == JsonValueKind.Number && n32.TryGetValue<int>(out _)
                        ? null : new SchemaViolation(path, $"Invalid value at '{path}' (TYPE_INT32), {Show(node)}");
                case "int64":
                    // format int64: a JSON string of digits (numbers are accepted too).
                    if (node is JsonValue n64)
                    {
                        if (n64.GetValueKind() == JsonValueKind.Number && n64.TryGetValue<long>(out _)) return null;
                        if (n64.GetValueKind() == JsonValueKind.String && long.TryParse(n64.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return null;
                    }
                    return new SchemaViolation(path, $"Invalid value at '{path}' (TYPE_INT64), {Show(node)}");
                default:
                    throw new InvalidOperationException("Unknown schema kind " + schema.Kind);
            }
        }

        private static string Show(JsonNode? node) => node == null ? "null" : node.ToJsonString();
    }
}
