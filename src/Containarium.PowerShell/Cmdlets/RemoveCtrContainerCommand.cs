using System.Management.Automation;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Deletes boxes with their root disks and revokes their owners' tunnel-only access on the entry hosts.</summary>
    [Cmdlet(VerbsCommon.Remove, "CtrContainer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCtrContainerCommand : BoxCmdlet
    {
        protected override string DoneVerb => "removed";

        protected override void ProcessBox(BoxInfo box, BackendDefinition backend)
        {
            var entries = string.Join(", ", new BoxService(backend, Engine.Connector).EntryHosts());
            // Removing a stale copy must leave its restored box reachable: the two may share an entry host's account.
            var replacement = ReplacementOf(box);
            var what = $"Remove-CtrContainer: delete box '{box.Name}' of '{box.UserName}' ({box.State}, its root disk {box.Disk ?? "(default size)"} " +
                       $"and everything in it); revoke '{box.UserName}''s tunnel to it on {entries} " +
                       $"(the host account '{box.UserName}' is deleted there with its last box)";
            if (replacement != null) what = $"Remove-CtrContainer: delete the stale copy of box '{box.Name}' on {box.Location} (restored as {replacement.Value.Box.Backend}/{box.Name}, which stays) with everything in it";
            if (!ShouldProcess(Target(box), what)) return;
            Post(box, backend, passThru: false, async (service, ct) =>
            {
                await service.RemoveAsync(box, ct).ConfigureAwait(false);
                if (replacement != null)
                {
                    await new StaleCopyGuard(Engine.Connector).RestoreAccessAsync(replacement.Value.Box, replacement.Value.Backend, ct).ConfigureAwait(false);
                    return; // the name lives on in the restored box
                }
                ContainerNameCompleter.Forget(box.Backend, box.Name);
            });
        }
    }
}
