using System;
using Containarium.Core.Containers;

namespace Containarium
{
    /// <summary>A snapshot of a box. Container, Backend and Name bind to Restore-CtrSnapshot and Remove-CtrSnapshot.</summary>
    public sealed class CtrSnapshot
    {
        public string Container { get; set; } = "";
        public string Backend { get; set; } = "";
        public string Name { get; set; } = "";
        public DateTimeOffset? Created { get; set; }
        public DateTimeOffset? Expires { get; set; }
        public bool Stateful { get; set; }
        /// <summary>Bytes; empty when the storage driver does not report it in a listing (btrfs, dir).</summary>
        public long? Size { get; set; }

        public override string ToString() => Backend + "/" + Container + "/" + Name;

        internal static CtrSnapshot From(SnapshotInfo s) => new CtrSnapshot
        {
            Container = s.Container,
            Backend = s.Backend,
            Name = s.Name,
            Created = s.Created,
            Expires = s.Expires,
            Stateful = s.Stateful,
            Size = s.Size,
        };
    }
}
