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
    /// With -LatestBackup it takes boxes (typically a dead cluster member's, state Unavailable) from the pipeline and
    /// restores each one's newest backup from the catalogue elsewhere, marking the restored box as their replacement.
    /// </summary>
    [Cmdlet(VerbsData.Import, "CtrContainer", SupportsShouldProcess = true, DefaultParameterSetName = BackendSet)]
    [OutputType(typeof(CtrContainer))]
    public sealed class ImportCtrContainerCommand : CtrCmdlet
    {
        private const string BackendSet = "Backend";
        private const string AutoPlaceSet = "AutoPlace";
        private const string LatestBackendSet = "LatestBackupBackend";
        private const string LatestAutoPlaceSet = "LatestBackupAutoPlace";
        private FleetView? _fleet;
        private PlacementSession? _placement;

        /// <summary>The backup file (or its .json manifest); binds from Export-CtrContainer output and Get-ChildItem.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = BackendSet)]
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = AutoPlaceSet)]
        [Alias("FullName", "BackupFile")]
        public string Path { get; set; } = "";

        /// <summary>A box from Get-CtrContainer whose newest backup is restored (with -LatestBackup).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = LatestBackendSet)]
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = LatestAutoPlaceSet)]
        public CtrContainer? InputObject { get; set; }

        // Not mandatory: a mandatory switch would keep PowerShell from choosing the -Path sets for piped backup files.
        // A piped box without it is refused per row (see ProcessRecord).
        [Parameter(ParameterSetName = LatestBackendSet)]
        [Parameter(ParameterSetName = LatestAutoPlaceSet)]
        public SwitchParameter LatestBackup { get; set; }

        /// <summary>The backup catalogue folder; default: preferences.backupPath in the config file, else "backups" beside it.</summary>
        [Parameter(ParameterSetName = LatestBackendSet)]
        [Parameter(ParameterSetName = LatestAutoPlaceSet)]
        public string? BackupPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = BackendSet)]
        [Parameter(Mandatory = true, ParameterSetName = LatestBackendSet)]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string Backend { get; set; } = "";

        /// <summary>The cluster member of -Backend to restore onto (else the placement score picks one).</summary>
        [Parameter(ParameterSetName = BackendSet)]
        [Parameter(ParameterSetName = LatestBackendSet)]
        [ArgumentCompleter(typeof(MemberNameCompleter))]
        public string? Member { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AutoPlaceSet)]
        [Parameter(Mandatory = true, ParameterSetName = LatestAutoPlaceSet)]
        public SwitchParameter AutoPlace { get; set; }

        [Parameter(ParameterSetName = AutoPlaceSet)]
        [Parameter(ParameterSetName = LatestAutoPlaceSet)]
        public CtrPlacementStrategy Strategy { get; set; } = CtrPlacementStrategy.Spread;

        protected override void ProcessRecord()
        {
            if (InputObject != null && !LatestBackup)
            {
                WriteError(new ErrorRecord(new ArgumentException($"Box '{InputObject.Name}' was piped in without -LatestBackup: add -LatestBackup to restore its newest backup from the catalogue, or pipe backup files."),
                    "CtrInvalidArgument", ErrorCategory.InvalidArgument, InputObject));
                return;
            }
            var lost = InputObject;
            var path = lost == null ? GetUnresolvedProviderPathFromPSPath(Path) : "";
            var row = lost ?? GetVariableValue("_") ?? (object)path;
            BackupManifest manifest;
            string file;
            // The checksum first: a damaged backup never reaches a host.
            try
            {
                if (lost != null) path = BackupCatalog.LatestOf(CatalogueFolder(), lost.Name, lost.UserName).BackupFile;
                (manifest, file) = BackupRestorer.Verify(path);
            }
            catch (MigrationException e) { WriteError(MigrationErrors.ToRecord(e, row)); return; }
            if (lost != null) WriteVerbose($"{lost.Backend}/{lost.Name}: latest backup {file} of {manifest.ExportedAt:u}");

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
            var taken = LostCopies.NameTaken(_fleet, manifest.Name, lost, AutoPlace ? null : Backend);
            if (taken != null)
            {
                WriteError(MigrationErrors.ToRecord(taken, row));
                return;
            }
            var member = MemberErrors.Requested(Member, AutoPlace, "CtrInvalidArgument", "", row, out var badMember);
            if (badMember != null)
            {
                WriteError(badMember);
                return;
            }
            var decision = _placement!.TryReserve(PlacementRequest(manifest, lost, member), out var reservation);
            if (!decision.Succeeded)
            {
                var (failId, failCategory) = MemberErrors.ForPlacement(decision);
                WriteError(new ErrorRecord(new PlacementException(decision), failId, failCategory, row));
                return;
            }
            var destination = _fleet.Backends[reservation!.Backend];
            var landing = MemberErrors.Landing(reservation);
            if (!ShouldProcess($"box {manifest.Name} (user {manifest.UserName}) from {file} onto {landing}", "Import-CtrContainer"))
            {
                _placement.Commit(reservation);
                return;
            }
            try
            {
                var progress = new TransferProgress($"Import-CtrContainer {manifest.Name}", manifest.Size);
                var task = new BackupRestorer(Engine.Connector).RestoreAsync(manifest, file, destination, null, progress.Report, CancellationToken,
                    lost == null ? null : LostCopies.Location(lost), reservation.Member);
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

        // A cluster keeps a dead member's instance in its database: the name cannot be re-created in that cluster.
        private PlacementRequest PlacementRequest(BackupManifest m, CtrContainer? lost, string? member) =>
            FleetView.RequestFor(m.Name, m.Cpu, m.Memory, m.Disk, m.Team, AutoPlace ? null : Backend, lost == null ? Array.Empty<string>() : new[] { lost.Backend }, member);

        private string CatalogueFolder() =>
            GetUnresolvedProviderPathFromPSPath(BackupPath ?? Engine.Config.Preferences.BackupPath ?? System.IO.Path.Combine(Engine.Store.StateDirectory, "backups"));
    }
}
