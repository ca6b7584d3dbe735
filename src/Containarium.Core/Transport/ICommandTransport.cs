using System;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.Core.Transport
{
    /// <summary>
    /// Runs one shell command line on a backend host. Implementations: SSH (pooled, jump chains) and local.
    /// The command line must already be quoted (see <see cref="ShellQuote"/>); nothing here adds quoting.
    /// </summary>
    public interface ICommandTransport : IDisposable
    {
        /// <summary>Human-readable route, e.g. "admin@127.0.0.1:2201 via admin@127.0.0.1:2200".</summary>
        string Description { get; }

        /// <summary>Opens the connection if needed (throws <see cref="TransportException"/> on failure).</summary>
        Task ConnectAsync(CancellationToken cancellationToken);

        Task<CommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken);
    }
}
