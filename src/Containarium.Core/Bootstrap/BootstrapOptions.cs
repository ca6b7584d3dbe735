using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Containarium.Core.Validation;

namespace Containarium.Core.Bootstrap
{
    /// <summary>What Initialize-CtrBackend should set up on a host; checked before anything is sent.</summary>
    public sealed class BootstrapOptions
    {
        private static readonly Regex PoolName = new Regex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex GroupName = new Regex("^[a-z_][a-z0-9_-]{0,31}\\z", RegexOptions.CultureInvariant);
        // A block device path: no spaces, quotes or "..", so it can never mean anything but a path.
        private static readonly Regex DevicePath = new Regex("^/dev/[A-Za-z0-9][A-Za-z0-9_./:-]{0,200}\\z", RegexOptions.CultureInvariant);

        /// <summary>dir (default), btrfs or zfs.</summary>
        public string StorageDriver { get; set; } = "dir";
        /// <summary>Block device for btrfs/zfs; null: a loop file Incus creates.</summary>
        public string? StorageSource { get; set; }
        /// <summary>Loop file size for btrfs/zfs without a device (e.g. 8GiB); null: Incus's default.</summary>
        public string? StorageSize { get; set; }
        public string StoragePool { get; set; } = "default";
        public string AdminGroup { get; set; } = "incus-admin";
        /// <summary>The account put in the admin group (the SSH login); null: none.</summary>
        public string? AdminUser { get; set; }
        public string ImageAlias { get; set; } = "debian12";
        /// <summary>A local image to import: the metadata (or unified) tarball and, for a split image, the rootfs.</summary>
        public LocalImage? Image { get; set; }

        /// <summary>Every rule this breaks, in words; empty when valid.</summary>
        public IReadOnlyList<string> Problems()
        {
            var p = new List<string>();
            if (StorageDriver != "dir" && StorageDriver != "btrfs" && StorageDriver != "zfs")
                p.Add($"Storage driver {ValueDisplay.Show(StorageDriver)} is not one of dir, btrfs, zfs.");
            if (StorageSource != null && !DevicePath.IsMatch(StorageSource) || StorageSource != null && StorageSource.Contains(".."))
                p.Add($"Storage source {ValueDisplay.Show(StorageSource)} is not a block device path such as /dev/sdb or /dev/disk/by-id/….");
            if (StorageSource != null && StorageDriver == "dir")
                p.Add("-StorageSource needs -StorageDriver btrfs or zfs (a dir pool lives in the Incus directory).");
            if (StorageSize != null)
            {
                if (StorageDriver == "dir" || StorageSource != null)
                    p.Add("-StorageSize sizes the loop file of a btrfs or zfs pool without -StorageSource.");
                else if (!SizeParser.TryParseDisk(StorageSize, out _, out var sizeProblem, "Storage size"))
                    p.Add(sizeProblem!);
            }
            if (!PoolName.IsMatch(StoragePool ?? ""))
                p.Add($"Storage pool name {ValueDisplay.Show(StoragePool)} is invalid: 1-63 letters, digits, '_', '.', '-', starting with a letter or digit.");
            if (!GroupName.IsMatch(AdminGroup ?? ""))
                p.Add($"Admin group {ValueDisplay.Show(AdminGroup)} is invalid: a Linux group name (lower-case letters, digits, '_', '-').");
            if (AdminUser != null && NameRules.CheckSshLogin(AdminUser) is string userProblem)
                p.Add(userProblem);
            if (NameRules.CheckImageReference(ImageAlias) is string aliasProblem || (ImageAlias ?? "").Contains(":"))
                p.Add($"Image alias {ValueDisplay.Show(ImageAlias)} is invalid: letters, digits and '._/-', starting with a letter or digit.");
            return p;
        }

        /// <summary>The script's parameters (quoted later by <see cref="Gce.BootstrapScript.Render"/>).</summary>
        public List<KeyValuePair<string, string>> ScriptParameters(bool plan, string? uploadedImageDirectory)
        {
            var p = new List<KeyValuePair<string, string>>
            {
                Pair("CTR_MODE", plan ? "plan" : "apply"),
                Pair("CTR_STORAGE_DRIVER", StorageDriver),
                Pair("CTR_POOL", StoragePool),
                Pair("CTR_ADMIN_GROUP", AdminGroup),
                Pair("CTR_ADMIN_USER", AdminUser ?? ""),
                Pair("CTR_ADMIN_WAIT", "0"), // over SSH the account exists already: it is the login
                Pair("CTR_NETWORK", ""),     // no bridge: boxes are reached through proxy devices
                Pair("CTR_IMAGE_ALIAS", ImageAlias),
            };
            if (StorageSource != null) p.Add(Pair("CTR_DATA_DEVICE", StorageSource));
            if (StorageSize != null) p.Add(Pair("CTR_STORAGE_SIZE", SizeParser.ParseDisk(StorageSize, "Storage size").IncusValue));
            if (Image != null) p.Add(Pair("CTR_IMAGE_FINGERPRINT", Image.Fingerprint));
            if (uploadedImageDirectory != null) p.Add(Pair("CTR_IMAGE_DIR", uploadedImageDirectory));
            return p;
        }

        private static KeyValuePair<string, string> Pair(string k, string v) => new KeyValuePair<string, string>(k, v);
    }
}
