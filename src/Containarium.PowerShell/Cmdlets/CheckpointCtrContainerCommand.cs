using System;
using System.Management.Automation;
using Containarium.Core.Containers;
using Containarium.Core.Validation;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Takes a snapshot of each box from the pipeline; without -SnapshotName all boxes of one call share a timestamped name.</summary>
    [Cmdlet(VerbsData.Checkpoint, "CtrContainer", SupportsShouldProcess = true)]
    [OutputType(typeof(CtrSnapshot))]
    public sealed class CheckpointCtrContainerCommand : SnapshotCmdlet
    {
        private string _defaultName = "";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ContainerName", "BoxName")]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>The backend holding the box; without it the backend that has a box of that name is found.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string? Backend { get; set; }

        [Parameter(Position = 1)]
        public string? SnapshotName { get; set; }

        protected override void BeginProcessing() => _defaultName = SnapshotNames.Timestamped(DateTimeOffset.UtcNow);

        protected override void ProcessRecord()
        {
            var snapshot = string.IsNullOrEmpty(SnapshotName) ? _defaultName : SnapshotName!;
            var target = string.IsNullOrEmpty(Backend) ? Name : Backend + "/" + Name;
            if (!CheckSnapshotName(snapshot, target)) return;
            var backend = ResolveBox(Name, Backend, target);
            if (backend == null) return;
            if (!ShouldProcess(Describe(snapshot, Name, backend.Name), "Checkpoint-CtrContainer (take a snapshot)")) return;
            var service = new SnapshotService(backend, Engine.Connector);
            Progress("Checkpoint-CtrContainer", $"{backend.Name}/{Name}: taking snapshot '{snapshot}'");
            try
            {
                WriteObject(CtrSnapshot.From(Wait(service.CreateAsync(Name, snapshot, CancellationToken))));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteCtrError(e, target);
            }
            finally
            {
                Progress("Checkpoint-CtrContainer", "done", completed: true);
            }
        }
    }
}
