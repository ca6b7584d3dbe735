using System;
using Containarium.Core.Model;

namespace Containarium.Core.SshConfig
{
    /// <summary>One jump host on the way to a box: its own Host alias, where it is (as seen from the previous hop) and who logs in.</summary>
    public sealed class SshHop
    {
        public SshHop(string alias, SshEndpoint endpoint, string? identityFile = null)
        {
            SshConfigValues.EnsureAlias(alias, "Jump host alias");
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            if (identityFile != null) SshConfigValues.IdentityFileArgument(identityFile);
            Alias = alias;
            IdentityFile = identityFile;
        }

        public string Alias { get; }
        public SshEndpoint Endpoint { get; }
        /// <summary>Key for this hop only; default: the options' IdentityFile.</summary>
        public string? IdentityFile { get; }
    }
}
