using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.Core.Transport
{
    /// <summary>Which endpoint of a multi-endpoint backend worked last; shared by every transport of that backend in the process.</summary>
    public sealed class PreferredEndpoint
    {
        private int _index;
        public int Index
        {
            get => Volatile.Read(ref _index);
            set => Volatile.Write(ref _index, value);
        }
    }

    /// <summary>
    /// One backend reachable at several SSH endpoints, any of which serves every call (the members of an Incus cluster).
    /// Each call goes to the endpoint that worked last; when it cannot be reached (TCP/SSH connect failed, or its Incus
    /// daemon is down so the command provably did nothing) the next endpoint in order is tried, so a dead member costs at
    /// most one connect timeout, and the working endpoint is kept for later calls. A command that started and then lost its
    /// connection is never re-run elsewhere (it may have had effects).
    /// </summary>
    public sealed class FailoverTransport : ICommandTransport
    {
        private readonly IReadOnlyList<Func<ICommandTransport>> _endpoints;
        private readonly IReadOnlyList<string> _labels;
        private readonly PreferredEndpoint _preferred;
        private readonly Func<CommandResult, bool> _endpointDown;

        /// <param name="endpoints">Opens (or reuses) the transport of endpoint i; called per attempt so pooled transports stay current.</param>
        /// <param name="labels">The endpoints as shown in messages.</param>
        /// <param name="endpointDown">True when a finished command shows that the endpoint's service was down and nothing ran.</param>
        public FailoverTransport(IReadOnlyList<Func<ICommandTransport>> endpoints, IReadOnlyList<string> labels, PreferredEndpoint preferred,
            Func<CommandResult, bool> endpointDown)
        {
            if (endpoints.Count == 0) throw new ArgumentException("No endpoint given.", nameof(endpoints));
            _endpoints = endpoints;
            _labels = labels;
            _preferred = preferred;
            _endpointDown = endpointDown;
            Description = "one of " + string.Join(", ", labels);
        }

        public string Description { get; }

        /// <summary>Index of the endpoint the next call tries first.</summary>
        public int PreferredIndex => _preferred.Index;

        /// <summary>The transport of the endpoint that worked last (for host keys and messages).</summary>
        public ICommandTransport Current => _endpoints[_preferred.Index]();

        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            await AttemptAsync(async t => { await t.ConnectAsync(cancellationToken).ConfigureAwait(false); return (CommandResult?)null; }, cancellationToken).ConfigureAwait(false);
        }

        public async Task<CommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken)
        {
            return (await AttemptAsync(t => t.RunAsync(command, cancellationToken)!, cancellationToken).ConfigureAwait(false))!;
        }

        private async Task<CommandResult?> AttemptAsync(Func<ICommandTransport, Task<CommandResult?>> action, CancellationToken ct)
        {
            var failures = new List<string>();
            CommandResult? lastDown = null;
            foreach (var index in Order())
            {
                ct.ThrowIfCancellationRequested();
                var transport = _endpoints[index]();
                try
                {
                    await transport.ConnectAsync(ct).ConfigureAwait(false);
                    var result = await action(transport).ConfigureAwait(false);
                    if (result != null && _endpointDown(result))
                    {
                        failures.Add(_labels[index] + ": " + FirstLine(result.StandardError));
                        lastDown = result;
                        continue;
                    }
                    _preferred.Index = index;
                    return result;
                }
                catch (TransportException e) when (e.Failure == TransportFailure.Unreachable)
                {
                    failures.Add(e.Message);
                }
            }
            // Every endpoint answered SSH but none had its service up: the caller sees that answer (e.g. "daemon not started").
            if (lastDown != null) return lastDown;
            throw new TransportException(TransportFailure.Unreachable, _labels[0],
                "No endpoint could be reached: " + string.Join("; ", failures));
        }

        /// <summary>The preferred endpoint first, then the others in their registered order.</summary>
        private IEnumerable<int> Order()
        {
            var first = _preferred.Index;
            yield return first;
            for (var i = 0; i < _endpoints.Count; i++) if (i != first) yield return i;
        }

        private static string FirstLine(string s) => (s ?? "").Trim().Split('\n').FirstOrDefault() ?? "";

        /// <summary>The endpoints' transports belong to the connection pool; nothing to release here.</summary>
        public void Dispose() { }
    }
}
