using System;

namespace Containarium.Core.Containers
{
    /// <summary>The box has no snapshot of that name.</summary>
    public sealed class SnapshotNotFoundException : Exception
    {
        public SnapshotNotFoundException(string box, string backend, string snapshot)
            : base($"Box '{box}' on backend '{backend}' has no snapshot named '{snapshot}'. Get-CtrSnapshot -Name {box} lists its snapshots.")
        {
            Box = box;
            Snapshot = snapshot;
        }

        public string Box { get; }
        public string Snapshot { get; }
    }

    /// <summary>A snapshot of that name already exists on the box; it is left as it is.</summary>
    public sealed class SnapshotExistsException : Exception
    {
        public SnapshotExistsException(string box, string backend, string snapshot)
            : base($"Box '{box}' on backend '{backend}' already has a snapshot named '{snapshot}'; it was left unchanged. Choose another -SnapshotName.")
        {
            Box = box;
            Snapshot = snapshot;
        }

        public string Box { get; }
        public string Snapshot { get; }
    }
}
