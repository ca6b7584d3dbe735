using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Containarium.Core.Config;
using Containarium.Core.Model;
using Containarium.Core.Transport;

namespace Containarium.Core.Backends
{
    /// <summary>A validated SSH backend definition from what an admin typed (Register-CtrBackend, Initialize-CtrBackend).</summary>
    public static class SshBackendDefinition
    {
        /// <summary>Throws ArgumentException for a bad host, port, login, jump host or pin, FileNotFoundException for a missing key.</summary>
        public static BackendDefinition Create(string name, string hostName, int port, string userName, string keyFile,
            IEnumerable<string> jumpHosts, string? hostKeyFingerprint)
        {
            var target = new SshEndpoint(hostName, port, userName);
            var chain = SshEndpoint.ParseChain(jumpHosts.ToList());
            if (hostKeyFingerprint != null && !HostKeyFingerprint.IsValidSha256(hostKeyFingerprint))
                throw new ArgumentException($"Host key fingerprint '{hostKeyFingerprint}' is not of the form SHA256:<43 base64 characters> (as `ssh-keygen -lf` prints it).");
            if (!File.Exists(keyFile)) throw new FileNotFoundException($"Key file '{keyFile}' does not exist.", keyFile);
            return new BackendDefinition
            {
                Name = name,
                HostName = target.Host,
                Port = target.Port,
                UserName = userName,
                KeyFile = keyFile,
                JumpHosts = chain.Select(h => h.ToString()).ToList(),
                HostKeyFingerprint = hostKeyFingerprint,
                RegisteredAt = DateTimeOffset.UtcNow,
            };
        }
    }
}
