namespace Containarium.Core.Containers
{
    /// <summary>Incus config keys under which a box's truth lives on its backend.</summary>
    public static class BoxKeys
    {
        public const string Prefix = "user.containarium.";
        public const string Owner = Prefix + "owner";
        public const string Team = Prefix + "team";
        public const string CreatedBy = Prefix + "created-by";
        public const string CreatedAt = Prefix + "created-at";
        /// <summary>Host-loopback port of the box's sshd (an Incus proxy device), the target users' tunnels may open.</summary>
        public const string SshPort = Prefix + "ssh-port";
        /// <summary>SHA256 fingerprints of the user's authorised keys, comma-separated (the keys themselves live in the box).</summary>
        public const string KeyFingerprints = Prefix + "key-fingerprints";
        public const string ProxyDevice = "ctr-ssh";
        /// <summary>On a box restored from a backup in place of a lost one: where the lost copy lived ("backend" or "backend/member").</summary>
        public const string RestoredFrom = Prefix + "restored-from";
        public const string RestoredAt = Prefix + "restored-at";
        /// <summary>When the backup the box was restored from was taken (its data is as of then).</summary>
        public const string BackupAt = Prefix + "backup-at";
        /// <summary>On a stale copy, once the module saw it: where the restored copy that replaces it lives ("backend/box").</summary>
        public const string SupersededBy = Prefix + "superseded-by";
    }
}
