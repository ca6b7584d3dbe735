using System.Management.Automation;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Deletes snapshots of boxes (the box itself and its other snapshots are untouched).</summary>
    [Cmdlet(VerbsCommon.Remove, "CtrSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CtrSnapshot))]
    public sealed class RemoveCtrSnapshotCommand : SnapshotTargetCmdlet
    {
        /// <summary>Writes each snapshot that was removed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            // Resolved before asking, so -Confirm is never offered for a snapshot that does not exist.
            if (!(ResolveSnapshot() is var (backend, service, snapshot))) return;
            if (!ShouldProcess(Describe(Name, Container, backend.Name), "Remove-CtrSnapshot")) return;
            if (TryRun(service.DeleteAsync(Container, Name, CancellationToken), Target) && PassThru) WriteObject(CtrSnapshot.From(snapshot));
        }
    }
}
