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

        /// <summary>A fleet-wide lookup found nothing; <paramref name="unread"/> names backends that could not be asked.</summary>
        public BoxNotFoundException(string box, System.Collections.Generic.IReadOnlyCollection<string> unread)
            : base($"No Containarium box named '{box}' on any registered backend" +
                   (unread.Count == 0 ? "." : $" that could be read (not read: {string.Join("; ", unread)})."))
        {
            Box = box;
        }

        public string Box { get; }
    }

    /// <summary>A box name given without -Backend exists on several backends.</summary>
    public sealed class BoxAmbiguousException : Exception
    {
        public BoxAmbiguousException(string box, System.Collections.Generic.IEnumerable<string> backends)
            : base($"A box named '{box}' exists on several backends ({string.Join(", ", backends)}); say which with -Backend.")
        {
            Box = box;
        }

        public string Box { get; }
    }

    /// <summary>Why a key edit was refused before anything was changed.</summary>
    public enum BoxKeyProblem
    {
        /// <summary>A key to remove is not among the box's authorised keys.</summary>
        NotFound,
        /// <summary>The edit would leave the box without any key, locking its owner out.</summary>
        LastKey,
    }

    public sealed class BoxKeyEditException : InvalidOperationException
    {
        public BoxKeyEditException(BoxKeyProblem problem, string message) : base(message) => Problem = problem;

        public BoxKeyProblem Problem { get; }
    }

    /// <summary>The operation needs a running box (keys are edited inside it).</summary>
    public sealed class BoxNotRunningException : InvalidOperationException
    {
        public BoxNotRunningException(string box, string backend, string state, string what)
            : base($"Box '{box}' on '{backend}' is {state}; {what} needs it running (Start-CtrContainer first).") { }
    }

    /// <summary>A step of provisioning failed; the partial box was removed (or the message says what is left).</summary>
    public sealed class BoxProvisioningException : Exception
    {
        public BoxProvisioningException(string message, Exception? inner = null) : base(message, inner) { }
    }
}

namespace Containarium.Core.Containers
{
    /// <summary>A stale copy (its box was restored elsewhere from a backup) must not run beside the restored one.</summary>
    public sealed class BoxStaleException : InvalidOperationException
    {
        public BoxStaleException(BoxInfo stale, string replacement)
            : base($"Box '{stale.Name}' on {stale.Location} is a stale copy: it was restored from a backup as {replacement}, " +
                   $"which must be the only copy that runs. Remove the stale copy with Remove-CtrContainer -Backend {stale.Backend} -Name {stale.Name} " +
                   "(after saving anything it holds that the backup lacks), or remove the restored one first.")
        {
            Box = stale.Name;
        }

        public string Box { get; }
    }
}
