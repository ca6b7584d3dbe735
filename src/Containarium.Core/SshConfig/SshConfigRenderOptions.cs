namespace Containarium.Core.SshConfig
{
    public sealed class SshConfigRenderOptions
    {
        /// <summary>Put before every alias (box and jump hosts), e.g. "acme-" → "acme-alice-box"; keeps fleets apart in one config.</summary>
        public string? AliasPrefix { get; set; }

        /// <summary>The user's private key path; when set, every block gets IdentityFile and IdentitiesOnly yes
        /// (so ssh does not offer every agent key and trip MaxAuthTries on the jump host).</summary>
        public string? IdentityFile { get; set; }
    }
}
