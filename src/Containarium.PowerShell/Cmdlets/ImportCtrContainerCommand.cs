using System;
using System.Management.Automation;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Migration;
using Containarium.Core.Placement;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Restores a backup onto a backend: its checksum is verified here before anything is sent, and the box's name must
    /// not exist anywhere in the fleet. The owner's access path is re-created; the box runs if it ran when exported.
    /// </summary>
    [Cmdlet(VerbsData.Import, "CtrContainer", SupportsShouldProcess = true, DefaultParameterSetName = BackendSet)]
    [OutputType(typeof(CtrContainer))]
    public sealed class ImportCtrContainerCommand : CtrCmdlet
    {
        private const string BackendSet = "Backend";
        private const string AutoPlaceSet = "AutoPlace";
        private FleetView? _fleet;
        private PlacementSession? _placement;

        /// <summary>The backup file (or its .json manifest); binds from Export-CtrContainer output and Get-ChildItem.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "BackupFile")]
        public string Path { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = BackendSet)]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string Backend { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = AutoPlaceSet)]
        public SwitchParameter AutoPlace { get; set; }

        [Parameter(ParameterSetName = AutoPlaceSet)]
        public CtrPlacementStrategy Strategy { get; set; } = CtrPlacementStrategy.Spread;

        protected override void ProcessRecord()
        {
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            var row = GetVariableValue("_") ?? (object)path;
            BackupManifest manifest;
            string file;
            // The checksum first: a damaged backup never reaches a host.
            try { (manifest, file) = BackupRestorer.Verify(path); }
            catch (MigrationException e) { WriteError(MigrationErrors.ToRecord(e, row)); return; }

            try
            {
                if (_fleet == null)
                {
                    _fleet = Wait(FleetView.ReadAsync(Engine, CancellationToken));
                    _placement = _fleet.NewPlacement((PlacementStrategy)(int)Strategy);
                }
                if (!AutoPlace && !_fleet.Backends.ContainsKey(Backend)) throw new BackendNotFoundException(Backend);
            }
            catch (Exception e) when (e is ConfigException || e is BackendNotFoundException) { WriteError(MigrationErrors.ToRecord(e, row)); return; }
            if (_fleet.Boxes.TryGetValue(manifest.Name, out var existing))
            {
                var taken = new MigrationException(MigrationFailure.NameTaken,
                    $"Box '{manifest.Name}' already exists on '{existing.Backend}' (user {existing.UserName}); nothing was restored. Remove or move it first.");
                WriteError(MigrationErrors.ToRecord(taken, row));
                return;
            }
            var decision = _placement!.TryReserve(PlacementRequest(manifest), out var reservation);
            if (!decision.Succeeded)
            {
                WriteError(new ErrorRecord(new PlacementException(decision), "CtrPlacementFailed", ErrorCategory.ResourceUnavailable, row));
                return;
            }
            var destination = _fleet.Backends[reservation!.Backend];
            if (!ShouldProcess($"box {manifest.Name} (user {manifest.UserName}) from {file} onto {destination.Name}", "Import-CtrContainer"))
            {
                _placement.Commit(reservation);
                return;
            }
            try
            {
                var progress = new TransferProgress($"Import-CtrContainer {manifest.Name}", manifest.Size);
                var task = new BackupRestorer(Engine.Connector).RestoreAsync(manifest, file, destination, null, progress.Report, CancellationToken);
                progress.Wait(this, task, CancellationToken);
                var box = task.GetAwaiter().GetResult();
                _placement.Commit(reservation);
                ContainerNameCompleter.Remember(box.Backend, box.Name);
                WriteObject(CtrContainer.From(box));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                _placement.Release(reservation);
                WriteError(MigrationErrors.ToRecord(e, row));
            }
        }

        private PlacementRequest PlacementRequest(BackupManifest m) =>
            FleetView.RequestFor(m.Name, m.Cpu, m.Memory, m.Disk, m.Team, AutoPlace ? null : Backend, Array.Empty<string>());
    }
}
