namespace Containarium.Core.Placement
{
    public enum ReservationState
    {
        /// <summary>Capacity held while the box is being created.</summary>
        Reserved,
        /// <summary>The box exists; its capacity stays counted for the rest of the session.</summary>
        Committed,
        /// <summary>Creation failed; the capacity went back.</summary>
        Released,
    }

    /// <summary>Capacity held on one backend for one box, from placement until <see cref="PlacementSession.Commit"/> or <see cref="PlacementSession.Release"/>.</summary>
    public sealed class Reservation
    {
        internal Reservation(object owner, long id, string backend, PlacementRequest request, string? member = null)
        {
            Member = member;
            Owner = owner;
            Id = id;
            Backend = backend;
            BoxName = request.BoxName;
            Cpu = request.Cpu;
            MemoryBytes = request.MemoryBytes;
            DiskBytes = request.DiskBytes;
            Team = request.Team;
        }

        internal object Owner { get; }
        public long Id { get; }
        public string Backend { get; }
        public string BoxName { get; }
        public int Cpu { get; }
        public long MemoryBytes { get; }
        public long DiskBytes { get; }
        public string? Team { get; }
        /// <summary>The cluster member chosen inside a cluster backend; null for a one-host backend.</summary>
        public string? Member { get; }
        /// <summary>Changed only by the owning session, under its lock.</summary>
        public ReservationState State { get; internal set; }

        public override string ToString() => $"{BoxName} on {Backend}{(Member == null ? "" : "/" + Member)} ({State})";

        /// <summary>The same capacity, as a member snapshot applies it (members have no members).</summary>
        internal Reservation ForMember() => new Reservation(Owner, Id, Member!, new PlacementRequest(BoxName, Cpu, MemoryBytes, DiskBytes, Team));
    }
}
