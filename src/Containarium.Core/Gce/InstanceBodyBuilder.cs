using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Containarium.Core.Gce
{
    /// <summary>
    /// Builds the instances.insert request body for a backend VM. Field names and enum values follow the Compute v1
    /// discovery document (revision 20260908): Instance, AttachedDisk, AttachedDiskInitializeParams,
    /// NetworkInterface, AccessConfig, Metadata, Tags, Scheduling. int64 fields (diskSizeGb) are sent as strings.
    /// </summary>
    public static class InstanceBodyBuilder
    {
        private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions { WriteIndented = true };

        public static JsonObject Build(InstanceSpec spec, string zone)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            GceNames.EnsureZone(zone);
            spec.Validate();

            var labels = new JsonObject();
            foreach (var kv in spec.Labels.Where(l => l.Key != InstanceSpec.BackendLabel).OrderBy(l => l.Key, StringComparer.Ordinal))
                labels[kv.Key] = kv.Value;
            labels[InstanceSpec.BackendLabel] = spec.EffectiveBackendName;

            var disks = new JsonArray
            {
                new JsonObject
                {
                    ["boot"] = true,
                    ["autoDelete"] = true,
                    ["type"] = "PERSISTENT",
                    ["mode"] = "READ_WRITE",
                    ["deviceName"] = "boot",
                    ["initializeParams"] = new JsonObject
                    {
                        ["sourceImage"] = spec.BootImage,
                        ["diskSizeGb"] = spec.BootDiskSizeGb.ToString(CultureInfo.InvariantCulture),
                        ["diskType"] = $"zones/{zone}/diskTypes/{spec.BootDiskType}",
                    },
                },
            };
            if (spec.DataDiskSizeGb > 0)
            {
                // Kept when the VM is deleted by accident; Remove-CtrBackend deletes it explicitly.
                disks.Add(new JsonObject
                {
                    ["boot"] = false,
                    ["autoDelete"] = false,
                    ["type"] = "PERSISTENT",
                    ["mode"] = "READ_WRITE",
                    ["deviceName"] = InstanceSpec.DataDeviceName,
                    ["initializeParams"] = new JsonObject
                    {
                        ["diskName"] = spec.EffectiveDataDiskName,
                        ["diskSizeGb"] = spec.DataDiskSizeGb.ToString(CultureInfo.InvariantCulture),
                        ["diskType"] = $"zones/{zone}/diskTypes/{spec.DataDiskType}",
                        ["labels"] = new JsonObject { [InstanceSpec.BackendLabel] = spec.EffectiveBackendName },
                    },
                });
            }

            var nic = new JsonObject();
            if (spec.Network != null || spec.Subnetwork == null)
                nic["network"] = GceNames.NetworkPath(spec.Network ?? "default");
            if (spec.Subnetwork != null)
                nic["subnetwork"] = GceNames.SubnetworkPath(spec.Subnetwork, zone);
            if (!spec.NoExternalIp)
                nic["accessConfigs"] = new JsonArray { new JsonObject { ["name"] = "External NAT", ["type"] = "ONE_TO_ONE_NAT" } };

            var scheduling = spec.Spot
                ? new JsonObject
                {
                    ["provisioningModel"] = "SPOT",
                    ["instanceTerminationAction"] = "STOP",
                    ["automaticRestart"] = false,
                    ["onHostMaintenance"] = "TERMINATE",
                }
                : new JsonObject
                {
                    ["provisioningModel"] = "STANDARD",
                    ["automaticRestart"] = true,
                    ["onHostMaintenance"] = "MIGRATE",
                };

            var startup = BootstrapScript.Render(BootstrapScript.ParametersFor(spec));
            var sshKeys = spec.SshKeysMetadata();
            CheckMetadataSize(startup, sshKeys);

            var body = new JsonObject
            {
                ["name"] = spec.Name,
                ["machineType"] = $"zones/{zone}/machineTypes/{spec.MachineType}",
            };
            if (!string.IsNullOrEmpty(spec.Description)) body["description"] = spec.Description;
            body["labels"] = labels;
            if (spec.NetworkTags.Count > 0)
                body["tags"] = new JsonObject { ["items"] = new JsonArray(spec.NetworkTags.Distinct(StringComparer.Ordinal).Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()) };
            body["metadata"] = new JsonObject
            {
                ["items"] = new JsonArray
                {
                    new JsonObject { ["key"] = "ssh-keys", ["value"] = sshKeys },
                    new JsonObject { ["key"] = "startup-script", ["value"] = startup },
                },
            };
            body["disks"] = disks;
            body["networkInterfaces"] = new JsonArray { nic };
            body["scheduling"] = scheduling;
            return body;
        }

        /// <summary>The body as the exact JSON text sent (indented for -WhatIf, compact on the wire).</summary>
        public static string ToJson(JsonObject body, bool indented = false) =>
            indented ? body.ToJsonString(Indented) : body.ToJsonString();

        private static void CheckMetadataSize(string startup, string sshKeys)
        {
            var s = Encoding.UTF8.GetByteCount(startup);
            var k = Encoding.UTF8.GetByteCount(sshKeys);
            if (s > GceNames.MaxMetadataValueBytes || k > GceNames.MaxMetadataValueBytes || s + k > GceNames.MaxMetadataTotalBytes)
                throw new ArgumentException("Instance metadata is too large (a value may hold 256 KiB, all items 512 KB).");
        }
    }
}
