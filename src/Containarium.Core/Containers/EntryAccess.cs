using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Model;
using Containarium.Core.Transport;

namespace Containarium.Core.Containers
{
    /// <summary>
    /// The user's way in: a tunnel-only account (no shell, `restrict,port-forwarding,permitopen=…`) on every entry
    /// host of the backend's route: each jump host may only open the next hop, the backend only the box's sshd port.
    /// </summary>
    internal sealed class EntryAccess
    {
        private readonly BackendDefinition _backend;
        private readonly BackendConnector _connector;

        public EntryAccess(BackendDefinition backend, BackendConnector connector)
        {
            _backend = backend;
            _connector = connector;
        }

        public async Task GrantAsync(string user, string box, int port, IReadOnlyList<string> keys, CancellationToken ct)
        {
            await ForEachHopAsync(box, port, (transport, fragment, targets) =>
            {
                var lines = string.Concat(targets.SelectMany(t => keys.Select(k => t + "\t" + k + "\n")));
                return RunAsync(transport, "add", user, fragment, lines, ct);
            }).ConfigureAwait(false);
        }

        public Task RevokeAsync(string user, string box, CancellationToken ct) =>
            ForEachHopAsync(box, 0, (transport, fragment, _) => RunAsync(transport, "remove", user, fragment, null, ct));

        /// <summary>
        /// Runs the change on every entry host. A cluster's every member gets the account (a box may run on any of them after an
        /// evacuation); a member that cannot be reached is skipped as long as one member took the change.
        /// </summary>
        private async Task ForEachHopAsync(string box, int port, Func<ICommandTransport, string, IReadOnlyList<string>, Task> change)
        {
            var endpoints = _backend.Transport == TransportKind.Local ? new List<SshEndpoint>() : BackendEndpoints.All(_backend).ToList();
            var boxTarget = new[] { "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) };
            if (endpoints.Count <= 1)
                await change(_connector.Open(_backend), box + ".backend", boxTarget).ConfigureAwait(false);
            else
            {
                var failures = new List<Exception>();
                for (var i = 0; i < endpoints.Count; i++)
                {
                    try { await change(_connector.OpenEndpoint(_backend, i), box + ".backend", boxTarget).ConfigureAwait(false); }
                    catch (TransportException e) when (e.Failure == TransportFailure.Unreachable) { failures.Add(e); }
                }
                if (failures.Count == endpoints.Count) throw failures[0];
            }
            var chain = SshEndpoint.ParseChain(_backend.JumpHosts);
            for (var i = 0; i < chain.Count; i++)
            {
                // The last jump host may open every endpoint of the backend (each member of a cluster).
                var next = i + 1 < chain.Count ? new[] { chain[i + 1] } : (endpoints.Count > 0 ? endpoints.ToArray() : new[] { new SshEndpoint(_backend.HostName, _backend.Port) });
                await change(_connector.OpenHop(_backend, i), box + ".jump" + i.ToString(CultureInfo.InvariantCulture),
                    next.Select(BackendEndpoints.Spell).ToList()).ConfigureAwait(false);
            }
        }

        /// <summary>"backend b1 (admin@host:port)", then each jump host, in route order; opens no connection.</summary>
        public IEnumerable<string> Describe()
        {
            yield return $"backend {_backend.Name} ({_backend.UserName}@{_backend.HostName}:{_backend.Port.ToString(CultureInfo.InvariantCulture)})";
            foreach (var hop in SshEndpoint.ParseChain(_backend.JumpHosts)) yield return "jump host " + hop;
        }

        private static async Task RunAsync(ICommandTransport transport, string action, string user, string fragment, string? stdin, CancellationToken ct)
        {
            var argv = new[] { "sudo", "-n" }.Concat(HostScripts.Invocation(HostScripts.HostAccess, action, user, fragment)).ToArray();
            var command = RemoteCommand.FromArguments(argv);
            if (stdin != null) command.StandardInput = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
            var result = await transport.RunAsync(command, ct).ConfigureAwait(false);
            if (!result.Succeeded)
                throw new BoxProvisioningException($"access account '{user}' on {transport.Description}: {action} exited {result.ExitCode}: {result.StandardError.Trim()}");
        }
    }
}
