using System;

namespace Containarium.Core.Bootstrap
{
    /// <summary>The bootstrap script failed on the host; the message says at which point and why (the host's own words).</summary>
    public sealed class BootstrapException : Exception
    {
        public BootstrapException(string message, int exitCode) : base(message)
        {
            ExitCode = exitCode;
        }

        public int ExitCode { get; }
    }

    /// <summary>`sudo -n` was refused: the admin account has no passwordless sudo on the host.</summary>
    public sealed class SudoRequiredException : Exception
    {
        public SudoRequiredException(string host, string detail)
            : base($"{host}: the bootstrap needs root through passwordless sudo (sudo -n), which was refused: {detail}") { }
    }
}
