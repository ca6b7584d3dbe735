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
            foreach (var (transport, fragment, target) in Hops(box, port))
            {
                var lines = string.Concat(keys.Select(k => target + "\t" + k + "\n"));
                await RunAsync(transport, "add", user, fragment, lines, ct).ConfigureAwait(false);
            }
        }

        public async Task RevokeAsync(string user, string box, CancellationToken ct)
        {
            foreach (var (transport, fragment, _) in Hops(box, 0))
                await RunAsync(transport, "remove", user, fragment, null, ct).ConfigureAwait(false);
        }

        /// <summary>"backend b1 (admin@host:port)", then each jump host, in route order; opens no connection.</summary>
        public IEnumerable<string> Describe()
        {
            yield return $"backend {_backend.Name} ({_backend.UserName}@{_backend.HostName}:{_backend.Port.ToString(CultureInfo.InvariantCulture)})";
            foreach (var hop in SshEndpoint.ParseChain(_backend.JumpHosts)) yield return "jump host " + hop;
        }

        private IEnumerable<(ICommandTransport, string, string)> Hops(string box, int port)
        {
            yield return (_connector.Open(_backend), box + ".backend", "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
            var chain = SshEndpoint.ParseChain(_backend.JumpHosts);
            for (var i = 0; i < chain.Count; i++)
            {
                var next = i + 1 < chain.Count ? chain[i + 1] : new SshEndpoint(_backend.HostName, _backend.Port);
                var hostPart = next.Host.Contains(":") ? "[" + next.Host + "]" : next.Host;
                yield return (_connector.OpenHop(_backend, i), box + ".jump" + i.ToString(CultureInfo.InvariantCulture),
                    hostPart + ":" + next.Port.ToString(CultureInfo.InvariantCulture));
            }
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
