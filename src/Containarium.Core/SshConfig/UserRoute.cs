using System.Collections.Generic;
using Containarium.Core.Config;
using Containarium.Core.Model;

namespace Containarium.Core.SshConfig
{
    /// <summary>
    /// The user's route to a box, mirroring the tunnel-only accounts: the user logs in as themselves on every
    /// jump host of the backend's route, then on the backend, then opens the box's sshd at 127.0.0.1:port.
    /// </summary>
    public static class UserRoute
    {
        /// <param name="member">The cluster member the box runs on: its own SSH endpoint is the entry host (every member holds
        /// the user's tunnel account, and the box's proxy listens on the loopback of the member that runs it).</param>
        public static BoxSshTarget For(BackendDefinition backend, string boxName, string userName, int sshPort, string? member = null)
        {
            var hops = new List<SshHop>();
            var chain = SshEndpoint.ParseChain(backend.JumpHosts);
            for (var i = 0; i < chain.Count; i++)
                hops.Add(new SshHop($"{backend.Name}-jump{i + 1}", new SshEndpoint(chain[i].Host, chain[i].Port, userName)));
            var entryHost = backend.Transport == TransportKind.Local || string.IsNullOrEmpty(backend.HostName) ? "localhost" : backend.HostName;
            var entryPort = backend.Port;
            var alias = backend.Name + "-entry";
            if (member != null && backend.MemberEndpoints != null && backend.MemberEndpoints.TryGetValue(member, out var endpoint))
            {
                var e = SshEndpoint.Parse(endpoint);
                (entryHost, entryPort, alias) = (e.Host, e.Port, backend.Name + "-" + member);
            }
            hops.Add(new SshHop(alias, new SshEndpoint(entryHost, entryPort, userName)));
            // permitopen compares text: the box endpoint must be spelled exactly as the access line allows.
            return new BoxSshTarget(boxName, new SshEndpoint("127.0.0.1", sshPort, userName), hops);
        }
    }
}
