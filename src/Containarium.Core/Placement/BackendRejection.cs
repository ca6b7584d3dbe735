namespace Containarium.Core.Placement
{
    public enum RejectionReason
    {
        /// <summary>An explicit backend that is not in the inventory.</summary>
        UnknownBackend,
        /// <summary>Excluded by the caller (the source of a move).</summary>
        Excluded,
        Unreachable,
        Cordoned,
        /// <summary>The backend reported no CPU, memory or disk capacity: nothing is placed blind.</summary>
        NoCapacityData,
        /// <summary>Box count at MaxContainers.</summary>
        MaxContainersReached,
        InsufficientCpu,
        InsufficientMemory,
        InsufficientDisk,
        /// <summary>An explicit cluster member the backend does not have (or the backend is no cluster).</summary>
        UnknownMember,
        /// <summary>An explicit cluster member that is offline or evacuated.</summary>
        MemberUnavailable,
        /// <summary>The cluster as a whole has room, but no single online member does.</summary>
        NoMemberFits,
    }

    /// <summary>Why one backend cannot take a box; <see cref="Message"/> is written for the admin.</summary>
    public sealed class BackendRejection
    {
        public BackendRejection(string backend, RejectionReason reason, string message)
        {
            Backend = backend;
            Reason = reason;
            Message = message;
        }

        public string Backend { get; }
        /// <summary>The first reason found; <see cref="Message"/> lists every lacking resource.</summary>
        public RejectionReason Reason { get; }
        public string Message { get; }

        public override string ToString() => Backend + ": " + Message;
    }
}
