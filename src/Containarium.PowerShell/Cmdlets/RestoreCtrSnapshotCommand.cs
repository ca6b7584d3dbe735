using System;
using System.Globalization;
using System.Management.Automation;
using Containarium.Core.Containers;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Rolls a box back to one of its snapshots: every change made in the box after the snapshot is lost.</summary>
    [Cmdlet(VerbsData.Restore, "CtrSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CtrContainer))]
    public sealed class RestoreCtrSnapshotCommand : SnapshotTargetCmdlet
    {
        /// <summary>Writes the restored box.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!(ResolveSnapshot() is var (backend, service, snapshot))) return;
            var taken = snapshot.Created?.ToString("u", CultureInfo.InvariantCulture) ?? "(time unknown)";
            var what = $"Restoring box '{Container}' on backend '{backend.Name}' to its snapshot '{Name}', taken {taken}. " +
                       "Every change made in the box after that moment (files, packages, settings) is lost; a running box is restarted.";
            var warning = $"Restore box '{Container}' on '{backend.Name}' to snapshot '{Name}' ({taken})? Changes made after the snapshot are lost.";
            if (!ShouldProcess(what, warning, "Restore-CtrSnapshot")) return;
            Progress("Restore-CtrSnapshot", $"{backend.Name}/{Container}: restoring snapshot '{Name}'");
            var restored = TryRun(service.RestoreAsync(Container, Name, CancellationToken), Target);
            Progress("Restore-CtrSnapshot", "done", completed: true);
            if (!restored) return;
            WriteVerbose($"Box '{Container}' on '{backend.Name}' is back at snapshot '{Name}' ({taken}).");
            if (!PassThru) return;
            try
            {
                var box = Wait(new BoxService(backend, Engine.Connector).FindAsync(Container, CancellationToken));
                if (box != null) WriteObject(CtrContainer.From(box));
            }
            catch (Exception e) when (!(e is PipelineStoppedException)) { WriteCtrError(e, Target); }
        }
    }
}
