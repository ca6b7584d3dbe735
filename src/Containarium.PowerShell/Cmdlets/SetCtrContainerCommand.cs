using System;
using System.Linq;
using System.Management.Automation;
using Containarium.Core.Config;
using Containarium.Core.Containers;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Changes limits, team and authorised keys of boxes. Every value is checked before the first box is touched;
    /// key edits are also checked against each box's keys, and removing a box's last key is refused.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CtrContainer", SupportsShouldProcess = true)]
    [OutputType(typeof(CtrContainer))]
    public sealed class SetCtrContainerCommand : BoxCmdlet
    {
        private BoxChange? _change;

        [Parameter]
        public string? Cpu { get; set; }

        [Parameter]
        public string? Memory { get; set; }

        [Parameter]
        public string? Disk { get; set; }

        /// <summary>New team; an empty string clears it.</summary>
        [Parameter]
        [AllowEmptyString]
        public string? Team { get; set; }

        [Parameter]
        [Alias("AddKey")]
        public string[] AddSshPublicKey { get; set; } = Array.Empty<string>();

        /// <summary>Keys to remove, given whole or by SHA256 fingerprint.</summary>
        [Parameter]
        [Alias("RemoveKey")]
        public string[] RemoveSshPublicKey { get; set; } = Array.Empty<string>();

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string DoneVerb => "changed";

        protected override void BeginProcessing()
        {
            var (change, problems) = BoxChangeValidator.Validate(new BoxChangeInput
            {
                Cpu = Cpu, Memory = Memory, Disk = Disk, Team = Team,
                AddSshPublicKey = AddSshPublicKey.ToList(), RemoveSshPublicKey = RemoveSshPublicKey.ToList(),
            });
            if (change == null)
            {
                var message = "Set-CtrContainer: " + string.Join("; ", problems.Select(p => p.ToString())) + " Nothing was changed.";
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), "CtrInvalidBoxChange", ErrorCategory.InvalidArgument,
                    string.Join(", ", problems.Select(p => p.Field).Distinct())));
            }
            _change = change;
        }

        protected override void ProcessBox(BoxInfo box, BackendDefinition backend)
        {
            var change = _change!;
            if (change.EditsKeys)
            {
                if (!string.Equals(box.State, "Running", StringComparison.OrdinalIgnoreCase))
                {
                    WriteCtrError(new BoxNotRunningException(box.Name, box.Backend, box.State, "changing its keys"), CtrContainer.From(box));
                    return;
                }
                var refused = change.CheckKeys(box);
                if (refused != null)
                {
                    WriteCtrError(refused, CtrContainer.From(box));
                    return;
                }
            }
            if (!ShouldProcess(Target(box), "Set-CtrContainer: " + change.Describe(box))) return;
            Post(box, backend, PassThru, (service, ct) => BoxChangeApplier.ApplyAsync(service, box, change, ct));
        }
    }
}
