using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Model;
using Containarium.Core.Transport;
using Containarium.Core.Validation;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Changes a registration: cordon/uncordon, capacity, tags, default image, pinned host key, jump chain, SSH endpoints (checked first).</summary>
    [Cmdlet(VerbsCommon.Set, "CtrBackend", SupportsShouldProcess = true)]
    [OutputType(typeof(CtrBackend))]
    public sealed class SetCtrBackendCommand : BackendEndpointCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Backend")]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>No new boxes are placed on a cordoned backend; existing ones keep running.</summary>
        [Parameter]
        public SwitchParameter Cordon { get; set; }

        [Parameter]
        public SwitchParameter Uncordon { get; set; }

        [Parameter]
        [ValidateRange(0, 100000)]
        public int? MaxContainers { get; set; }

        /// <summary>Replaces all tags.</summary>
        [Parameter]
        public string[]? Tag { get; set; }

        [Parameter]
        public string[] AddTag { get; set; } = Array.Empty<string>();

        [Parameter]
        public string[] RemoveTag { get; set; } = Array.Empty<string>();

        [Parameter]
        public string? DefaultImage { get; set; }

        [Parameter]
        public string? HostKeyFingerprint { get; set; }

        [Parameter]
        [Alias("ProxyJump")]
        public string[]? JumpHost { get; set; }

        /// <summary>
        /// New SSH endpoint(s): one host[:port], or for a cluster backend every member's (each must answer as a member of the
        /// same cluster; its host key is recorded on first contact). Checked against the hosts before anything is saved.
        /// </summary>
        [Parameter]
        [Alias("Host", "Address", "ComputerName")]
        public string[]? HostName { get; set; }

        /// <summary>The SSH port of the -HostName values that name none (default: the backend's current port).</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int? Port { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                Validate();
            }
            catch (ArgumentException e)
            {
                WriteError(new ErrorRecord(e, e.Message.StartsWith("Host key fingerprint", StringComparison.Ordinal) ? "CtrInvalidHostKeyFingerprint" : "CtrInvalidArgument",
                    ErrorCategory.InvalidArgument, Name));
                return;
            }
            var changes = Describe();
            if (changes.Length == 0)
            {
                WriteWarning($"Set-CtrBackend {Name}: no change was requested.");
                return;
            }
            if (!ShouldProcess($"backend '{Name}'", "Set " + changes)) return;
            try
            {
                BackendDefinition? endpoints = null;
                if (HostName != null || Port.HasValue)
                {
                    endpoints = CheckedEndpoints();
                    if (endpoints == null) return;
                }
                var updated = Engine.Inventory.Update(Name, b =>
                {
                    Apply(b);
                    if (endpoints != null) CopyEndpoints(endpoints, b);
                });
                if (PassThru) WriteObject(CtrBackend.FromDefinition(updated));
            }
            catch (Exception e) when (e is BackendNotFoundException || e is ConfigException)
            {
                WriteCtrError(e, Name);
            }
        }

        /// <summary>
        /// The backend with its new endpoints, once they answer: the first must reach Incus, and several must all lead to one
        /// cluster's members (as at registration). Null after writing the error; the inventory is then left as it was.
        /// </summary>
        private BackendDefinition? CheckedEndpoints()
        {
            var current = Engine.Inventory.Get(Name);
            if (current.Transport == TransportKind.Local)
            {
                WriteCtrError("CtrInvalidArgument", ErrorCategory.InvalidArgument, $"Backend '{Name}' is a local Incus: it has no SSH endpoint to change.", Name);
                return null;
            }
            var candidate = current.Clone();
            IReadOnlyList<SshEndpoint> endpoints;
            try { endpoints = BackendEndpoints.Parse(HostName ?? BackendEndpoints.All(current).Select(e => e.Host + ":" + e.Port.ToString(CultureInfo.InvariantCulture)).ToArray(), Port ?? current.Port, current.UserName); }
            catch (ArgumentException e)
            {
                WriteError(new ErrorRecord(e, "CtrInvalidArgument", ErrorCategory.InvalidArgument, Name));
                return null;
            }
            if (endpoints.Count > 1 && candidate.HostKeyFingerprint != null)
            {
                WriteCtrError("CtrInvalidArgument", ErrorCategory.InvalidArgument,
                    $"Backend '{Name}' pins one host key ({candidate.HostKeyFingerprint}); unpin it (-HostKeyFingerprint '') before giving several host names.", Name);
                return null;
            }
            candidate.HostName = endpoints[0].Host;
            candidate.Port = endpoints[0].Port;
            candidate.Endpoints = endpoints.Count > 1 ? endpoints.Select(BackendEndpoints.Spell).ToList() : null;
            candidate.MemberEndpoints = null;
            candidate.Cluster = endpoints.Count > 1 ? true : current.Cluster;
            var status = Wait(new BackendProbe(Engine.Connector).ProbeAsync(candidate, CancellationToken));
            foreach (var key in status.HostKeys.Where(k => k.Status == HostKeyStatus.Recorded))
                WriteWarning($"Recorded the host key of {key.Hop} on first contact: {key.KeyType} {key.Fingerprint}.");
            if (status.State == BackendState.Unreachable)
            {
                WriteCtrError(status.Error!, Name);
                return null;
            }
            return CheckCluster(candidate, status, Name) ? candidate : null;
        }

        private static void CopyEndpoints(BackendDefinition from, BackendDefinition to)
        {
            to.HostName = from.HostName;
            to.Port = from.Port;
            to.Endpoints = from.Endpoints;
            to.MemberEndpoints = from.MemberEndpoints;
            to.Cluster = from.Cluster;
        }

        private void Validate()
        {
            if (Cordon && Uncordon) throw new ArgumentException("-Cordon and -Uncordon cannot be used together.");
            foreach (var t in (Tag ?? Array.Empty<string>()).Concat(AddTag).Concat(RemoveTag)) NameRules.EnsureTag(t);
            if (DefaultImage != null && !NameRules.IsImageReference(DefaultImage))
                throw new ArgumentException($"Image '{DefaultImage}' is not a valid Incus image alias or fingerprint.");
            if (HostKeyFingerprint != null && HostKeyFingerprint.Length > 0 && !Containarium.Core.Transport.HostKeyFingerprint.IsValidSha256(HostKeyFingerprint))
                throw new ArgumentException($"Host key fingerprint '{HostKeyFingerprint}' is not of the form SHA256:<43 base64 characters>.");
            if (JumpHost != null) SshEndpoint.ParseChain(JumpHost);
            if (HostName != null) BackendEndpoints.Parse(HostName, Port ?? 22, "check"); // syntax only; the hosts are asked after -WhatIf
        }

        private string Describe()
        {
            var parts = new System.Collections.Generic.List<string>();
            if (Cordon) parts.Add("cordon");
            if (Uncordon) parts.Add("uncordon");
            if (MaxContainers.HasValue) parts.Add($"MaxContainers={MaxContainers}");
            if (Tag != null) parts.Add("Tag=" + string.Join(",", Tag));
            if (AddTag.Length > 0) parts.Add("add tag " + string.Join(",", AddTag));
            if (RemoveTag.Length > 0) parts.Add("remove tag " + string.Join(",", RemoveTag));
            if (DefaultImage != null) parts.Add("DefaultImage=" + DefaultImage);
            if (HostKeyFingerprint != null) parts.Add(HostKeyFingerprint.Length == 0 ? "unpin host key" : "pin host key " + HostKeyFingerprint);
            if (JumpHost != null) parts.Add("JumpHost=" + string.Join(",", JumpHost));
            if (HostName != null) parts.Add("HostName=" + string.Join(",", HostName));
            if (Port.HasValue) parts.Add("Port=" + Port.Value.ToString(CultureInfo.InvariantCulture));
            return string.Join("; ", parts);
        }

        private void Apply(BackendDefinition b)
        {
            if (Cordon) b.Cordoned = true;
            if (Uncordon) b.Cordoned = false;
            if (MaxContainers.HasValue) b.MaxContainers = MaxContainers.Value;
            if (Tag != null) b.Tags = Tag.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            foreach (var t in AddTag) if (!b.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)) b.Tags.Add(t);
            b.Tags.RemoveAll(t => RemoveTag.Contains(t, StringComparer.OrdinalIgnoreCase));
            if (DefaultImage != null) b.DefaultImage = DefaultImage.Length == 0 ? null : DefaultImage;
            if (HostKeyFingerprint != null) b.HostKeyFingerprint = HostKeyFingerprint.Length == 0 ? null : HostKeyFingerprint;
            if (JumpHost != null) b.JumpHosts = SshEndpoint.ParseChain(JumpHost).Select(h => h.ToString()).ToList();
        }
    }
}
