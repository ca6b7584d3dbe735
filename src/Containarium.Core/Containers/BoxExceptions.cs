using System;

namespace Containarium.Core.Containers
{
    /// <summary>A box of that name exists on the backend and belongs to someone else.</summary>
    public sealed class BoxConflictException : InvalidOperationException
    {
        public BoxConflictException(string box, string backend, string owner, string requestedOwner)
            : base($"Box '{box}' on backend '{backend}' already exists and belongs to '{owner}', not '{requestedOwner}'. Choose another -Name.")
        {
            Box = box;
            Owner = owner;
        }

        public string Box { get; }
        public string Owner { get; }
    }

    public sealed class BoxNotFoundException : Exception
    {
        public BoxNotFoundException(string box, string backend)
            : base($"No Containarium box named '{box}' on backend '{backend}'.")
        {
            Box = box;
        }

        public string Box { get; }
    }

    /// <summary>A step of provisioning failed; the partial box was removed (or the message says what is left).</summary>
    public sealed class BoxProvisioningException : Exception
    {
        public BoxProvisioningException(string message, Exception? inner = null) : base(message, inner) { }
    }
}
