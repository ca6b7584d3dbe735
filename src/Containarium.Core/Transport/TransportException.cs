using System;

namespace Containarium.Core.Transport
{
    public enum TransportFailure
    {
        /// <summary>TCP connect failed or timed out (host or a jump hop unreachable).</summary>
        Unreachable,
        /// <summary>The server refused our key.</summary>
        AuthenticationFailed,
        /// <summary>The presented host key differs from the pinned or recorded one.</summary>
        HostKeyMismatch,
        /// <summary>A command did not finish within its timeout.</summary>
        CommandTimeout,
        /// <summary>The connection dropped while a command ran.</summary>
        ConnectionLost,
        /// <summary>Local set-up problem: missing key file, bad passphrase.</summary>
        Configuration,
        /// <summary>The connection is up but the server refused to open a session channel or to start the command.</summary>
        ChannelRejected,
    }

    /// <summary>A failure to reach or talk to a host. <see cref="Hop"/> names the hop (jump or target) that failed.</summary>
    public class TransportException : Exception
    {
        public TransportException(TransportFailure failure, string hop, string message, Exception? inner = null)
            : base(message, inner)
        {
            Failure = failure;
            Hop = hop;
        }

        public TransportFailure Failure { get; }
        public string Hop { get; }
    }

    /// <summary>Raised when a host key does not match; carries both fingerprints for the error message.</summary>
    public sealed class HostKeyMismatchException : TransportException
    {
        public HostKeyMismatchException(string hop, string expectedFingerprint, string actualFingerprint, string source)
            : base(TransportFailure.HostKeyMismatch, hop,
                $"Host key for {hop} does not match the {source}: expected {expectedFingerprint}, the server presented {actualFingerprint}. " +
                "If the host was legitimately rebuilt, remove its line from the module's known-hosts file (Unregister-CtrBackend clears it) and connect again.")
        {
            ExpectedFingerprint = expectedFingerprint;
            ActualFingerprint = actualFingerprint;
        }

        public string ExpectedFingerprint { get; }
        public string ActualFingerprint { get; }
    }
}
