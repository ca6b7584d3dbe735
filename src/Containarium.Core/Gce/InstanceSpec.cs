using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Containarium.Core.Validation;

namespace Containarium.Core.Gce
{
    /// <summary>Incus storage drivers the bootstrap can set up.</summary>
    public enum BackendStorageDriver
    {
        /// <summary>btrfs on the data disk when there is one, else dir.</summary>
        Auto,
        Btrfs,
        Zfs,
        Dir,
    }

    /// <summary>What a backend VM looks like. <see cref="InstanceBodyBuilder"/> turns it into an instances.insert body.</summary>
    public sealed class InstanceSpec
    {
        public const string DefaultImage = "projects/debian-cloud/global/images/family/debian-12";
        public const string BackendLabel = "containarium-backend";
        public const string DataDeviceName = "incus-data";

        /// <summary>Instance name (RFC 1035).</summary>
        public string Name { get; set; } = "";

        /// <summary>Value of the <c>containarium-backend</c> label; defaults to <see cref="Name"/>.</summary>
        public string? BackendName { get; set; }

        public string MachineType { get; set; } = "e2-standard-4";
        public bool Spot { get; set; }
        public string BootImage { get; set; } = DefaultImage;
        public int BootDiskSizeGb { get; set; } = 20;
        public string BootDiskType { get; set; } = "pd-balanced";

        /// <summary>Size of the persistent data disk for Incus storage; 0 for none (the pool is then a dir pool on the boot disk).</summary>
        public int DataDiskSizeGb { get; set; }
        public string DataDiskType { get; set; } = "pd-balanced";

        /// <summary>Name of the data disk; defaults to "&lt;name&gt;-incus-data".</summary>
        public string? DataDiskName { get; set; }

        public BackendStorageDriver StorageDriver { get; set; } = BackendStorageDriver.Auto;

        /// <summary>Network name or partial URL; "default" when neither this nor a subnetwork is given.</summary>
        public string? Network { get; set; }

        /// <summary>Subnetwork name (region taken from the zone) or partial URL.</summary>
        public string? Subnetwork { get; set; }

        /// <summary>No access config: the VM has only an internal address (reach it through a jump host).</summary>
        public bool NoExternalIp { get; set; }

        /// <summary>Network tags (firewall targets).</summary>
        public List<string> NetworkTags { get; set; } = new List<string>();

        /// <summary>Extra labels; <c>containarium-backend</c> is always set.</summary>
        public Dictionary<string, string> Labels { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Admin account created by the guest agent from the <c>ssh-keys</c> metadata item.</summary>
        public string UserName { get; set; } = "";

        /// <summary>One OpenSSH public key line ("ssh-ed25519 AAAA… comment").</summary>
        public string SshPublicKey { get; set; } = "";

        /// <summary>Group allowed to use the Incus socket.</summary>
        public string AdminGroup { get; set; } = "incus-admin";

        /// <summary>Image the bootstrap copies when missing (e.g. "images:debian/12"); null for none.</summary>
        public string? BoxImage { get; set; }

        public string? Description { get; set; }

        public string EffectiveBackendName => string.IsNullOrEmpty(BackendName) ? Name : BackendName!;
        public string EffectiveDataDiskName => string.IsNullOrEmpty(DataDiskName) ? Name + "-incus-data" : DataDiskName!;

        public BackendStorageDriver EffectiveStorageDriver =>
            StorageDriver != BackendStorageDriver.Auto ? StorageDriver
                : DataDiskSizeGb > 0 ? BackendStorageDriver.Btrfs : BackendStorageDriver.Dir;

        private static readonly Regex PublicKey = new Regex(
            "^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com) ([A-Za-z0-9+/]+={0,3})(?: [^\\r\\n]*)?$",
            RegexOptions.CultureInvariant);
        private static readonly Regex BoxImageRef = new Regex("^[A-Za-z0-9][A-Za-z0-9._-]*:[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$", RegexOptions.CultureInvariant);

        /// <summary>Checks every field; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
        public void Validate()
        {
            GceNames.EnsureResourceName(Name, "Instance name");
            if (!GceNames.IsLabelValue(EffectiveBackendName) || EffectiveBackendName.Length == 0)
                throw new ArgumentException($"Backend name '{EffectiveBackendName}' cannot be a label value: use lower-case letters, digits, '_' or '-'.");
            GceNames.EnsureMachineType(MachineType);
            GceNames.EnsureImage(BootImage);
            if (BootDiskSizeGb < 10 || BootDiskSizeGb > 65536)
                throw new ArgumentException($"Boot disk size {BootDiskSizeGb} GB is out of range 10-65536.");
            GceNames.EnsureDiskType(BootDiskType);
            if (DataDiskSizeGb != 0)
            {
                if (DataDiskSizeGb < 10 || DataDiskSizeGb > 65536)
                    throw new ArgumentException($"Data disk size {DataDiskSizeGb} GB is out of range 10-65536 (or 0 for none).");
                GceNames.EnsureDiskType(DataDiskType);
                GceNames.EnsureResourceName(EffectiveDataDiskName, "Data disk name");
            }
            if (DataDiskSizeGb == 0 && (StorageDriver == BackendStorageDriver.Btrfs || StorageDriver == BackendStorageDriver.Zfs))
                throw new ArgumentException($"Storage driver {StorageDriver} needs a data disk: give a data disk size.");
            if (Network != null) GceNames.NetworkPath(Network);
            foreach (var tag in NetworkTags)
                GceNames.EnsureResourceName(tag, "Network tag");
            var labels = new Dictionary<string, string>(Labels, StringComparer.Ordinal) { [BackendLabel] = EffectiveBackendName };
            GceNames.EnsureLabels(labels);
            NameRules.EnsureLinuxUserName(UserName);
            if (SshPublicKey == null || !PublicKey.IsMatch(SshPublicKey.Trim()))
                throw new ArgumentException("SSH public key is invalid: expected one OpenSSH line such as 'ssh-ed25519 AAAA… comment'.");
            if (!Regex.IsMatch(AdminGroup ?? "", "^[a-z_][a-z0-9_-]{0,31}$"))
                throw new ArgumentException($"Admin group '{AdminGroup}' is invalid.");
            if (BoxImage != null && !BoxImageRef.IsMatch(BoxImage))
                throw new ArgumentException($"Box image '{BoxImage}' is invalid: expected 'remote:alias' such as 'images:debian/12'.");
        }

        /// <summary>The <c>ssh-keys</c> metadata line: "user:TYPE BASE64 user" (the guest agent creates the account).</summary>
        public string SshKeysMetadata()
        {
            var m = PublicKey.Match(SshPublicKey.Trim());
            if (!m.Success) throw new ArgumentException("SSH public key is invalid.");
            return $"{UserName}:{m.Groups[1].Value} {m.Groups[2].Value} {UserName}";
        }
    }
}
