using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Model;
using Containarium.Core.Transport;
using Containarium.Core.Validation;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Registers an Incus host reached over SSH (optionally through jump hosts) or locally.</summary>
    [Cmdlet(VerbsLifecycle.Register, "CtrBackend", SupportsShouldProcess = true, DefaultParameterSetName = SshSet)]
    [OutputType(typeof(CtrBackend))]
    public sealed class RegisterCtrBackendCommand : BackendEndpointCmdlet
    {
        private const string SshSet = "Ssh";
        private const string LocalSet = "Local";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Backend")]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Host", "Address", "ComputerName")]
        public string[] HostName { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 22;

        [Parameter(Mandatory = true, ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        [Alias("User")]
        public string UserName { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        [Alias("IdentityFile")]
        public string KeyFile { get; set; } = "";

        [Parameter(ParameterSetName = SshSet)]
        public SecureString? KeyPassphrase { get; set; }

        [Parameter(ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        [Alias("ProxyJump")]
        public string[] JumpHost { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        public string? HostKeyFingerprint { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LocalSet)]
        public SwitchParameter Local { get; set; }

        /// <summary>INCUS_DIR for the local transport, when the daemon does not use /var/lib/incus.</summary>
        [Parameter(ParameterSetName = LocalSet)]
        public string? IncusDirectory { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 100000)]
        public int MaxContainers { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] Tag { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? DefaultImage { get; set; }

        /// <summary>Register without contacting the host (it may be down now).</summary>
        [Parameter]
        public SwitchParameter NoConnect { get; set; }

        /// <summary>Replace a backend already registered under this name.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            BackendDefinition definition;
            try
            {
                definition = BuildDefinition();
            }
            catch (Exception e) when (e is ArgumentException || e is FileNotFoundException)
            {
                var id = e is FileNotFoundException ? "CtrKeyFileNotFound"
                    : e.Message.StartsWith("Host key fingerprint", StringComparison.Ordinal) ? "CtrInvalidHostKeyFingerprint"
                    : "CtrInvalidArgument";
                WriteError(new ErrorRecord(e, id, e is FileNotFoundException ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidArgument, Name));
                return;
            }

            var route = definition.Transport == TransportKind.Local ? "local Incus" :
                definition.UserName + "@" + string.Join(", ", BackendEndpoints.All(definition).Select(BackendEndpoints.Spell)) + (definition.JumpHosts.Count > 0 ? " via " + string.Join(",", definition.JumpHosts) : "");
            if (!ShouldProcess($"backend '{definition.Name}' ({route})", "Register")) return;

            try
            {
                if (!Force && Engine.Inventory.List().Any(b => string.Equals(b.Name, definition.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    WriteCtrError("CtrBackendExists", ErrorCategory.ResourceExists,
                        $"A backend named '{definition.Name}' is already registered. Use -Force to replace it, or Set-CtrBackend to change it.", Name);
                    return;
                }
                if (KeyPassphrase != null) KeyPassphrases.Set(BackendConnector.ExpandHome(definition.KeyFile), SecureText.Reveal(KeyPassphrase));

                CtrBackend output;
                if (NoConnect)
                {
                    output = CtrBackend.FromDefinition(definition);
                }
                else
                {
                    // Verify first: a backend whose host key or login fails is not registered.
                    var status = Wait(new BackendProbe(Engine.Connector).ProbeAsync(definition, CancellationToken));
                    foreach (var key in status.HostKeys.Where(k => k.Status == HostKeyStatus.Recorded))
                        WriteWarning($"Recorded the host key of {key.Hop} on first contact: {key.KeyType} {key.Fingerprint}. Compare it with the host's `ssh-keygen -lf` output; pin it with -HostKeyFingerprint for stricter checks.");
                    if (status.State == BackendState.Unreachable)
                    {
                        WriteCtrError(status.Error!, Name);
                        return;
                    }
                    if (!CheckCluster(definition, status, Name)) return;
                    output = CtrBackend.FromStatus(status);
                }
                Engine.Inventory.Register(definition, Force);
                WriteObject(output);
            }
            catch (Exception e) when (e is ConfigException || e is InvalidOperationException)
            {
                WriteCtrError(e, Name);
            }
        }

        private BackendDefinition BuildDefinition()
        {
            NameRules.EnsureBackendName(Name);
            foreach (var t in Tag) NameRules.EnsureTag(t);
            if (DefaultImage != null && !NameRules.IsImageReference(DefaultImage))
                throw new ArgumentException($"Image '{DefaultImage}' is not a valid Incus image alias or fingerprint.");
            var d = new BackendDefinition
            {
                Name = Name,
                MaxContainers = MaxContainers,
                Tags = Tag.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                DefaultImage = DefaultImage,
                RegisteredAt = DateTimeOffset.UtcNow,
            };
            if (Local)
            {
                d.Transport = TransportKind.Local;
                if (!string.IsNullOrEmpty(IncusDirectory))
                {
                    var dir = GetUnresolvedProviderPathFromPSPath(IncusDirectory);
                    if (!Directory.Exists(dir)) throw new ArgumentException($"Incus directory '{dir}' does not exist.");
                    d.Environment["INCUS_DIR"] = dir;
                }
                return d;
            }
            var endpoints = BackendEndpoints.Parse(HostName, Port, UserName);
            var target = endpoints[0];
            var chain = SshEndpoint.ParseChain(JumpHost);
            if (HostKeyFingerprint != null && !Containarium.Core.Transport.HostKeyFingerprint.IsValidSha256(HostKeyFingerprint))
                throw new ArgumentException($"Host key fingerprint '{HostKeyFingerprint}' is not of the form SHA256:<43 base64 characters> (as `ssh-keygen -lf` prints it).");
            if (HostKeyFingerprint != null && endpoints.Count > 1)
                throw new ArgumentException("-HostKeyFingerprint pins one host's key; with several host names each member's key is recorded on first contact (see the warnings).");
            var keyFile = GetUnresolvedProviderPathFromPSPath(KeyFile);
            if (!File.Exists(keyFile)) throw new FileNotFoundException($"Key file '{keyFile}' does not exist.", keyFile);
            d.HostName = target.Host;
            d.Port = target.Port;
            d.UserName = UserName;
            d.KeyFile = keyFile;
            d.JumpHosts = chain.Select(h => h.ToString()).ToList();
            d.HostKeyFingerprint = HostKeyFingerprint;
            if (endpoints.Count > 1)
            {
                d.Endpoints = endpoints.Select(BackendEndpoints.Spell).ToList();
                d.Cluster = true;
            }
            return d;
        }
    }
}
