using System;
using System.Globalization;
using System.Management.Automation;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Migration;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Writes a box (with its snapshots) to a checksummed backup file and manifest on this machine.</summary>
    [Cmdlet(VerbsData.Export, "CtrContainer", SupportsShouldProcess = true)]
    [OutputType(typeof(CtrBackup))]
    public sealed class ExportCtrContainerCommand : CtrCmdlet
    {
        private FleetView? _fleet;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("BoxName", "ContainerName")]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string? Backend { get; set; }

        /// <summary>A folder (the backup catalogue: a new &lt;box&gt;-&lt;time&gt;.tar per export) or a new file's path.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public string Path { get; set; } = "";

        protected override void ProcessRecord()
        {
            var row = GetVariableValue("_") ?? (object)Name;
            try { _fleet ??= Wait(FleetView.ReadAsync(Engine, CancellationToken)); }
            catch (ConfigException e) { ThrowCtrError(e, row); return; }
            Core.Containers.BoxInfo box;
            try { box = _fleet.FindBox(Name, Backend); }
            catch (Exception e) when (e is BackendNotFoundException || e is Core.Containers.BoxNotFoundException)
            {
                WriteError(MigrationErrors.ToRecord(e, row));
                return;
            }
            var target = GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess($"box {box.Name} on {box.Backend} to {target}", "Export-CtrContainer")) return;
            var progress = new TransferProgress($"Export-CtrContainer {box.Name}", 0);
            try
            {
                var task = new BackupExporter(Engine.Connector).ExportAsync(_fleet.Backends[box.Backend], box.Name, target, progress.Report, CancellationToken);
                progress.Wait(this, task, CancellationToken);
                var (manifest, file) = task.GetAwaiter().GetResult();
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} bytes, SHA-256 {2}", file, manifest.Size, manifest.Sha256));
                WriteObject(CtrBackup.From(manifest, file));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteError(MigrationErrors.ToRecord(e, row));
            }
        }
    }
}
