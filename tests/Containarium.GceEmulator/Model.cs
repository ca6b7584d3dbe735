using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Containarium.GceEmulator
{
    /// <summary>One API call as the HTTP layer parsed it.</summary>
    public sealed class ApiCall
    {
        /// <summary>API method name, e.g. "instances.insert".</summary>
        public string Method { get; init; } = "";
        public string Project { get; init; } = "";
        public string Zone { get; init; } = "";

        /// <summary>Instance, disk or operation name (when the method has one).</summary>
        public string? Name { get; init; }
        public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();
        public string? Body { get; init; }
    }

    /// <summary>What the emulator logged about a request (never the token).</summary>
    public sealed class RequestRecord
    {
        public string Method { get; init; } = "";
        public string HttpMethod { get; init; } = "";
        public string Path { get; init; } = "";
        public string Query { get; init; } = "";
        public string? Zone { get; init; }
        public bool Authorized { get; init; }
        public int Status { get; set; }
        public string? Body { get; init; }
        public DateTimeOffset At { get; init; }
    }

    internal sealed class EmuDisk
    {
        public string Project = "";
        public string Zone = "";
        public string Name = "";
        public long SizeGb;
        public string Type = "pd-standard";
        public string? AttachedTo;
        public JsonObject Labels = new JsonObject();
        public ulong Id;
        public DateTimeOffset Created;
    }

    internal sealed class EmuAttachment
    {
        public string DiskName = "";
        public string DeviceName = "";
        public bool Boot;
        public bool AutoDelete;
        public string Mode = "READ_WRITE";
        public string Type = "PERSISTENT";
    }

    internal sealed class EmuInstance
    {
        public string Project = "";
        public string Zone = "";
        public string Name = "";
        public ulong Id;
        public JsonObject Body = new JsonObject();
        public string Status = "PROVISIONING";
        public string? StatusMessage;
        public DateTimeOffset Created;
        public DateTimeOffset? LastStart;
        public DateTimeOffset? LastStop;
        public string NetworkIp = "";
        public string? NatIp;
        public bool Spot;
        public string TerminationAction = "STOP";
        public List<EmuAttachment> Disks = new List<EmuAttachment>();
    }

    internal sealed class EmuOperation
    {
        public string Project = "";
        public string Zone = "";
        public string Name = "";
        public ulong Id;
        public string Type = "";
        public string TargetLink = "";
        public ulong TargetId;
        public string? ClientOperationId;
        public string[] Statuses = Array.Empty<string>();
        public Action?[] OnEnter = Array.Empty<Action?>();
        public int Index;
        public DateTimeOffset InsertTime;
        public DateTimeOffset? StartTime;
        public DateTimeOffset? EndTime;
        public DateTimeOffset LastAdvance;
        public string? ErrorCode;
        public string? ErrorMessage;
        public int? HttpErrorStatusCode;
        public string? HttpErrorMessage;
        /// <summary>System operations (preemption) advance when their instance is read, not when polled.</summary>
        public bool AdvancesOnInstanceRead;
        public string TargetInstance = "";

        public string Status => Statuses[Index];
        public bool Done => Index == Statuses.Length - 1;
    }
}
