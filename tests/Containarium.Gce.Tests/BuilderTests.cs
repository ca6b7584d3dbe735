using System;
using System.Linq;
using System.Text.Json.Nodes;
using Containarium.Core.Gce;
using Xunit;

namespace Containarium.Gce.Tests
{
    public class BuilderTests
    {
        private static InstanceSpec Spec() => new InstanceSpec
        {
            Name = "b1",
            UserName = "ctradmin",
            SshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHkzT0d6bG9vcGJhY2tvbmx5dGVzdGtleTAwMDAwMDAw me@host",
        };

        [Fact]
        public void Standard_vm_defaults()
        {
            var body = InstanceBodyBuilder.Build(Spec(), "europe-west1-b");
            Assert.Equal("zones/europe-west1-b/machineTypes/e2-standard-4", (string?)body["machineType"]);
            Assert.Equal("STANDARD", (string?)body["scheduling"]!["provisioningModel"]);
            Assert.Null(body["scheduling"]!["instanceTerminationAction"]);
            var disk = Assert.Single(body["disks"]!.AsArray())!;
            Assert.Equal(InstanceSpec.DefaultImage, (string?)disk["initializeParams"]!["sourceImage"]);
            Assert.Equal("20", (string?)disk["initializeParams"]!["diskSizeGb"]); // int64 as a JSON string
            Assert.Equal("zones/europe-west1-b/diskTypes/pd-balanced", (string?)disk["initializeParams"]!["diskType"]);
            var nic = body["networkInterfaces"]![0]!;
            Assert.Equal("global/networks/default", (string?)nic["network"]);
            Assert.Equal("ONE_TO_ONE_NAT", (string?)nic["accessConfigs"]![0]!["type"]);
            Assert.Null(body["tags"]);
            var script = (string)body["metadata"]!["items"]![1]!["value"]!;
            Assert.Contains("CTR_STORAGE_DRIVER=dir", script);
            Assert.DoesNotContain("CTR_DATA_DEVICE=", script);
        }

        [Fact]
        public void No_external_ip_and_a_subnetwork()
        {
            var spec = Spec();
            spec.NoExternalIp = true;
            spec.Subnetwork = "backends";
            var nic = InstanceBodyBuilder.Build(spec, "us-east1-c")["networkInterfaces"]![0]!.AsObject();
            Assert.False(nic.ContainsKey("accessConfigs"));
            Assert.False(nic.ContainsKey("network"));
            Assert.Equal("regions/us-east1/subnetworks/backends", (string?)nic["subnetwork"]);

            spec.Network = "projects/other-proj/global/networks/shared";
            spec.Subnetwork = "projects/other-proj/regions/us-east1/subnetworks/backends";
            nic = InstanceBodyBuilder.Build(spec, "us-east1-c")["networkInterfaces"]![0]!.AsObject();
            Assert.Equal("projects/other-proj/global/networks/shared", (string?)nic["network"]);
        }

        [Fact]
        public void Zfs_data_disk_and_box_image_reach_the_startup_script()
        {
            var spec = Spec();
            spec.DataDiskSizeGb = 200;
            spec.StorageDriver = BackendStorageDriver.Zfs;
            spec.BoxImage = "images:debian/12";
            var body = InstanceBodyBuilder.Build(spec, "us-central1-f");
            var data = body["disks"]![1]!;
            Assert.False((bool)data["autoDelete"]!);
            Assert.Equal("incus-data", (string?)data["deviceName"]);
            Assert.Equal("b1-incus-data", (string?)data["initializeParams"]!["diskName"]);
            var script = (string)body["metadata"]!["items"]![1]!["value"]!;
            Assert.Contains("CTR_STORAGE_DRIVER=zfs", script);
            Assert.Contains("CTR_IMAGE=images:debian/12", script);
            Assert.Contains("incus storage", BootstrapScript.Text.Replace("inc storage", "incus storage"));
        }

        [Fact]
        public void The_bootstrap_script_is_embedded_and_idempotent_by_design()
        {
            var s = BootstrapScript.Text;
            Assert.StartsWith("#!/bin/sh", s);
            Assert.Contains("bookworm-backports", s);
            Assert.Contains("inc storage show \"$CTR_POOL\"", s);          // pool only when missing
            Assert.Contains("inc profile device get default root pool", s); // root disk only when missing
            Assert.Contains("groupadd --system", s);
            Assert.Contains("</dev/null", s);                               // incus never reads our stdin
        }

        [Fact]
        public void Quoting_keeps_parameters_inert()
        {
            var rendered = BootstrapScript.Render(new[] { new System.Collections.Generic.KeyValuePair<string, string>("CTR_X", "a'b; rm -rf /") });
            Assert.Contains("CTR_X='a'\\''b; rm -rf /'\n", rendered);
        }

        [Theory]
        [InlineData("Name", "B1")]
        [InlineData("Name", "1b")]
        [InlineData("Name", "b1-")]
        [InlineData("MachineType", "e2 standard")]
        [InlineData("UserName", "Root!")]
        [InlineData("SshPublicKey", "ssh-ed25519")]
        [InlineData("SshPublicKey", "ssh-ed25519 AAAA\nssh-rsa BBBB")]
        [InlineData("BootImage", "debian-12")]
        [InlineData("Network", "bad/network")]
        [InlineData("BackendName", "Has Upper")]
        public void Bad_input_is_refused(string field, string value)
        {
            var spec = Spec();
            typeof(InstanceSpec).GetProperty(field)!.SetValue(spec, value);
            var e = Assert.Throws<ArgumentException>(() => InstanceBodyBuilder.Build(spec, "us-central1-a"));
            Assert.False(string.IsNullOrEmpty(e.Message));
        }

        [Fact]
        public void Bad_labels_tags_sizes_and_zones_are_refused()
        {
            var spec = Spec();
            spec.Labels["Owner"] = "x";
            Assert.Throws<ArgumentException>(() => InstanceBodyBuilder.Build(spec, "us-central1-a"));
            spec = Spec();
            spec.Labels["owner"] = "Alice";
            Assert.Throws<ArgumentException>(() => InstanceBodyBuilder.Build(spec, "us-central1-a"));
            spec = Spec();
            spec.NetworkTags.Add("Allow_SSH");
            Assert.Throws<ArgumentException>(() => InstanceBodyBuilder.Build(spec, "us-central1-a"));
            spec = Spec();
            spec.BootDiskSizeGb = 5;
            Assert.Throws<ArgumentException>(() => InstanceBodyBuilder.Build(spec, "us-central1-a"));
            spec = Spec();
            spec.StorageDriver = BackendStorageDriver.Btrfs; // needs a data disk
            Assert.Throws<ArgumentException>(() => InstanceBodyBuilder.Build(spec, "us-central1-a"));
            spec = Spec();
            for (var i = 0; i < 64; i++) spec.Labels["l" + i] = "v";
            Assert.Throws<ArgumentException>(() => InstanceBodyBuilder.Build(spec, "us-central1-a")); // 65 with the backend label
            Assert.Throws<ArgumentException>(() => InstanceBodyBuilder.Build(Spec(), "us-central1"));
        }

        [Fact]
        public void The_whatif_text_is_the_exact_body()
        {
            var body = InstanceBodyBuilder.Build(Spec(), "us-central1-a");
            var compact = InstanceBodyBuilder.ToJson(body);
            var indented = InstanceBodyBuilder.ToJson(body, indented: true);
            Assert.Equal(JsonNode.Parse(compact)!.ToJsonString(), JsonNode.Parse(indented)!.ToJsonString());
            Assert.Contains("\n", indented);
        }

        [Fact]
        public void Status_parsing_covers_the_documented_values()
        {
            Assert.Equal(GceInstanceStatus.Running, GceStatus.Parse("RUNNING"));
            Assert.Equal(GceInstanceStatus.Terminated, GceStatus.Parse("TERMINATED"));
            Assert.Equal(GceInstanceStatus.Repairing, GceStatus.Parse("REPAIRING"));
            Assert.Equal(GceInstanceStatus.Unknown, GceStatus.Parse("SOMETHING_NEW"));
            Assert.True(GceStatus.IsStopped(GceInstanceStatus.Stopped));
            var statuses = new[] { "PROVISIONING", "STAGING", "RUNNING", "STOPPING", "STOPPED", "TERMINATED", "SUSPENDING", "SUSPENDED", "REPAIRING", "PENDING", "PENDING_STOP", "DEPROVISIONING" };
            Assert.DoesNotContain(statuses, s => GceStatus.Parse(s) == GceInstanceStatus.Unknown);
        }
    }
}
