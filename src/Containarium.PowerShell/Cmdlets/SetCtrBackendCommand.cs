using System;
using System.Linq;
using System.Management.Automation;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Model;
using Containarium.Core.Validation;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Changes a registration: cordon/uncordon, capacity, tags, default image, pinned host key, jump chain.</summary>
    [Cmdlet(VerbsCommon.Set, "CtrBackend", SupportsShouldProcess = true)]
    [OutputType(typeof(CtrBackend))]
    public sealed class SetCtrBackendCommand : CtrCmdlet
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
                var updated = Engine.Inventory.Update(Name, Apply);
                if (PassThru) WriteObject(CtrBackend.FromDefinition(updated));
            }
            catch (Exception e) when (e is BackendNotFoundException || e is ConfigException)
            {
                WriteCtrError(e, Name);
            }
        }

        private void Validate()
        {
            if (Cordon && Uncordon) throw new ArgumentException("-Cordon and -Uncordon cannot be used together.");
            foreach (var t in (Tag ?? Array.Empty<string>()).Concat(AddTag).Concat(RemoveTag)) NameRules.EnsureTag(t);
            if (DefaultImage != null && !NameRules.IsImageReference(DefaultImage))
                throw new ArgumentException($"Image '{DefaultImage}' is not a valid Incus image alias or fingerprint.");
            if (HostKeyFingerprint != null && HostKeyFingerprint.Length > 0 && !HostKeyPin.IsValid(HostKeyFingerprint))
                throw new ArgumentException($"Host key fingerprint '{HostKeyFingerprint}' is not of the form SHA256:<43 base64 characters>.");
            if (JumpHost != null) SshEndpoint.ParseChain(JumpHost);
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
