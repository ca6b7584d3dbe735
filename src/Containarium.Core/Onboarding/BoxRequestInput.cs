using System.Collections.Generic;

namespace Containarium.Core.Onboarding
{
    /// <summary>
    /// A box request as typed by an admin: raw text per field, nothing checked yet. Empty or null means "use the default".
    /// Key texts may hold several keys, one per line.
    /// </summary>
    public sealed class BoxRequestInput
    {
        public string? UserName { get; set; }
        public IList<string> SshPublicKey { get; set; } = new List<string>();
        /// <summary>Path of a key file, only used in messages; its text goes in <see cref="SshPublicKeyFileContent"/>.</summary>
        public string? SshPublicKeyFile { get; set; }
        public string? SshPublicKeyFileContent { get; set; }
        public string? Team { get; set; }
        public string? Cpu { get; set; }
        public string? Memory { get; set; }
        public string? Disk { get; set; }
        public string? Image { get; set; }
        public string? Backend { get; set; }
        public string? Name { get; set; }
        public string? EnableDocker { get; set; }
    }
}
