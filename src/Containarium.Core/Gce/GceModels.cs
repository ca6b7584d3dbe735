using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Serialization;

namespace Containarium.Core.Gce
{
    /// <summary>
    /// Instance.status as Compute v1 documents it (discovery revision 20260908). A stopped VM normally reports
    /// TERMINATED; STOPPED is treated the same. Values this enum does not know map to <see cref="Unknown"/>.
    /// </summary>
    public enum GceInstanceStatus
    {
        Unknown,
        Provisioning,
        Staging,
        Running,
        Stopping,
        Stopped,
        Terminated,
        Suspending,
        Suspended,
        Repairing,
        Pending,
        PendingStop,
        Deprovisioning,
    }

    public static class GceStatus
    {
        public static GceInstanceStatus Parse(string? status)
        {
            switch (status)
            {
                case "PROVISIONING": return GceInstanceStatus.Provisioning;
                case "STAGING": return GceInstanceStatus.Staging;
                case "RUNNING": return GceInstanceStatus.Running;
                case "STOPPING": return GceInstanceStatus.Stopping;
                case "STOPPED": return GceInstanceStatus.Stopped;
                case "TERMINATED": return GceInstanceStatus.Terminated;
                case "SUSPENDING": return GceInstanceStatus.Suspending;
                case "SUSPENDED": return GceInstanceStatus.Suspended;
                case "REPAIRING": return GceInstanceStatus.Repairing;
                case "PENDING": return GceInstanceStatus.Pending;
                case "PENDING_STOP": return GceInstanceStatus.PendingStop;
                case "DEPROVISIONING": return GceInstanceStatus.Deprovisioning;
                default: return GceInstanceStatus.Unknown;
            }
        }

        /// <summary>TERMINATED or STOPPED: the VM is down and can be started again.</summary>
        public static bool IsStopped(GceInstanceStatus s) => s == GceInstanceStatus.Terminated || s == GceInstanceStatus.Stopped;
    }

    /// <summary>The parts of a Compute v1 Instance resource the module reads.</summary>
    public sealed class GceInstance
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("zone")] public string? ZoneUrl { get; set; }
        [JsonPropertyName("selfLink")] public string? SelfLink { get; set; }
        [JsonPropertyName("machineType")] public string? MachineTypeUrl { get; set; }
        [JsonPropertyName("status")] public string? StatusText { get; set; }
        [JsonPropertyName("statusMessage")] public string? StatusMessage { get; set; }
        [JsonPropertyName("creationTimestamp")] public string? CreationTimestamp { get; set; }
        [JsonPropertyName("lastStartTimestamp")] public string? LastStartTimestamp { get; set; }
        [JsonPropertyName("lastStopTimestamp")] public string? LastStopTimestamp { get; set; }
        [JsonPropertyName("labels")] public Dictionary<string, string>? Labels { get; set; }
        [JsonPropertyName("tags")] public GceTags? Tags { get; set; }
        [JsonPropertyName("scheduling")] public GceScheduling? Scheduling { get; set; }
        [JsonPropertyName("networkInterfaces")] public List<GceNetworkInterface>? NetworkInterfaces { get; set; }
        [JsonPropertyName("disks")] public List<GceAttachedDisk>? Disks { get; set; }

        [JsonIgnore] public GceInstanceStatus Status => GceStatus.Parse(StatusText);
        [JsonIgnore] public string Zone => GceNames.LastSegment(ZoneUrl);
        [JsonIgnore] public string MachineType => GceNames.LastSegment(MachineTypeUrl);

        /// <summary>Spot (provisioningModel SPOT) or legacy preemptible.</summary>
        [JsonIgnore]
        public bool IsSpot => Scheduling != null &&
            (string.Equals(Scheduling.ProvisioningModel, "SPOT", StringComparison.Ordinal) || Scheduling.Preemptible == true);

        /// <summary>First interface's internal address.</summary>
        [JsonIgnore] public string? InternalIp => NetworkInterfaces?.FirstOrDefault()?.NetworkIP;

        /// <summary>First interface's external (NAT) address, null with no access config.</summary>
        [JsonIgnore]
        public string? ExternalIp => NetworkInterfaces?.FirstOrDefault()?.AccessConfigs?.Select(a => a.NatIP).FirstOrDefault(ip => !string.IsNullOrEmpty(ip));

        [JsonIgnore] public DateTimeOffset? LastStartTime => GceTime.Parse(LastStartTimestamp);
        [JsonIgnore] public DateTimeOffset? LastStopTime => GceTime.Parse(LastStopTimestamp);

        public override string ToString() => $"{Name} ({StatusText ?? "?"})";
    }

    public sealed class GceTags
    {
        [JsonPropertyName("items")] public List<string>? Items { get; set; }
    }

    public sealed class GceScheduling
    {
        [JsonPropertyName("provisioningModel")] public string? ProvisioningModel { get; set; }
        [JsonPropertyName("instanceTerminationAction")] public string? InstanceTerminationAction { get; set; }
        [JsonPropertyName("preemptible")] public bool? Preemptible { get; set; }
        [JsonPropertyName("automaticRestart")] public bool? AutomaticRestart { get; set; }
        [JsonPropertyName("onHostMaintenance")] public string? OnHostMaintenance { get; set; }
    }

    public sealed class GceNetworkInterface
    {
        [JsonPropertyName("network")] public string? Network { get; set; }
        [JsonPropertyName("subnetwork")] public string? Subnetwork { get; set; }
        [JsonPropertyName("networkIP")] public string? NetworkIP { get; set; }
        [JsonPropertyName("accessConfigs")] public List<GceAccessConfig>? AccessConfigs { get; set; }
    }

    public sealed class GceAccessConfig
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("type")] public string? Type { get; set; }
        [JsonPropertyName("natIP")] public string? NatIP { get; set; }
    }

    public sealed class GceAttachedDisk
    {
        [JsonPropertyName("deviceName")] public string? DeviceName { get; set; }
        [JsonPropertyName("source")] public string? Source { get; set; }
        [JsonPropertyName("boot")] public bool? Boot { get; set; }
        [JsonPropertyName("autoDelete")] public bool? AutoDelete { get; set; }

        [JsonIgnore] public string DiskName => GceNames.LastSegment(Source);
    }

    /// <summary>A Compute v1 Operation (zonal). DONE is not success: check <see cref="Error"/>.</summary>
    public sealed class GceOperation
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("operationType")] public string? OperationType { get; set; }
        [JsonPropertyName("status")] public string? Status { get; set; }
        [JsonPropertyName("statusMessage")] public string? StatusMessage { get; set; }
        [JsonPropertyName("progress")] public int? Progress { get; set; }
        [JsonPropertyName("targetLink")] public string? TargetLink { get; set; }
        [JsonPropertyName("targetId")] public string? TargetId { get; set; }
        [JsonPropertyName("zone")] public string? ZoneUrl { get; set; }
        [JsonPropertyName("selfLink")] public string? SelfLink { get; set; }
        [JsonPropertyName("clientOperationId")] public string? ClientOperationId { get; set; }
        [JsonPropertyName("insertTime")] public string? InsertTime { get; set; }
        [JsonPropertyName("startTime")] public string? StartTime { get; set; }
        [JsonPropertyName("endTime")] public string? EndTime { get; set; }
        [JsonPropertyName("httpErrorStatusCode")] public int? HttpErrorStatusCode { get; set; }
        [JsonPropertyName("httpErrorMessage")] public string? HttpErrorMessage { get; set; }
        [JsonPropertyName("error")] public GceOperationErrorList? Error { get; set; }

        [JsonIgnore] public bool IsDone => string.Equals(Status, "DONE", StringComparison.Ordinal);
        [JsonIgnore] public bool Failed => IsDone && Error?.Errors != null && Error.Errors.Count > 0;
        [JsonIgnore] public string Zone => GceNames.LastSegment(ZoneUrl);
        [JsonIgnore] public DateTimeOffset? InsertedAt => GceTime.Parse(InsertTime);

        public override string ToString() => $"{OperationType} {Name} ({Status})";
    }

    public sealed class GceOperationErrorList
    {
        [JsonPropertyName("errors")] public List<GceOperationError>? Errors { get; set; }
    }

    public sealed class GceOperationError
    {
        [JsonPropertyName("code")] public string? Code { get; set; }
        [JsonPropertyName("message")] public string? Message { get; set; }
        [JsonPropertyName("location")] public string? Location { get; set; }
    }

    internal sealed class GceInstanceList
    {
        [JsonPropertyName("items")] public List<GceInstance>? Items { get; set; }
        [JsonPropertyName("nextPageToken")] public string? NextPageToken { get; set; }
    }

    internal sealed class GceOperationList
    {
        [JsonPropertyName("items")] public List<GceOperation>? Items { get; set; }
        [JsonPropertyName("nextPageToken")] public string? NextPageToken { get; set; }
    }

    internal static class GceTime
    {
        public static DateTimeOffset? Parse(string? text) =>
            !string.IsNullOrEmpty(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t)
                ? t : (DateTimeOffset?)null;
    }
}
