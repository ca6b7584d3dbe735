using System;

namespace Containarium.Core.Cluster
{
    /// <summary>A member name the backend's cluster does not have.</summary>
    public sealed class MemberNotFoundException : Exception
    {
        public MemberNotFoundException(string backend, string member, string known)
            : base($"Backend '{backend}' has no cluster member named '{member}' (members: {known}). Get-CtrBackendMember lists them.")
        {
            Backend = backend;
            Member = member;
        }

        public string Backend { get; }
        public string Member { get; }
    }

    /// <summary>The member exists but cannot do what was asked (offline, evacuated, or the last one standing).</summary>
    public sealed class MemberUnavailableException : InvalidOperationException
    {
        public MemberUnavailableException(string backend, string member, string message) : base(message)
        {
            Backend = backend;
            Member = member;
        }

        public string Backend { get; }
        public string Member { get; }
    }

    /// <summary>A member operation was asked of a backend that is one host, not an Incus cluster.</summary>
    public sealed class NotAClusterException : InvalidOperationException
    {
        public NotAClusterException(string backend)
            : base($"Backend '{backend}' is not an Incus cluster (its Incus does not report itself clustered); it has no members.")
        {
            Backend = backend;
        }

        public string Backend { get; }
    }
}
