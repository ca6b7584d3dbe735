using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Migration;
using Containarium.Core.Placement;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Moves boxes between backends (streamed through this machine, checksummed at both hosts and here). Placement for
    /// -AutoPlace counts the moves already planned in this pipeline, so draining a host spreads its boxes.
    /// </summary>
    [Cmdlet(VerbsCommon.Move, "CtrContainer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = DestinationSet)]
    [OutputType(typeof(CtrContainer))]
    public sealed class MoveCtrContainerCommand : ParallelCmdlet
    {
        private const string DestinationSet = "Destination";
        private const string AutoPlaceSet = "AutoPlace";
        private readonly ConcurrentDictionary<string, long> _bytes = new ConcurrentDictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        private FleetView? _fleet;
        private PlacementSession? _placement;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("BoxName", "ContainerName")]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>The box's current backend (bound from Get-CtrContainer output); found in the fleet when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Source", "From")]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string? Backend { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = DestinationSet)]
        [Alias("To")]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string Destination { get; set; } = "";

        /// <summary>The cluster member of -Destination to land on (else the placement score picks one).</summary>
        [Parameter(ParameterSetName = DestinationSet)]
        [ArgumentCompleter(typeof(MemberNameCompleter))]
        public string? Member { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AutoPlaceSet)]
        public SwitchParameter AutoPlace { get; set; }

        [Parameter(ParameterSetName = AutoPlaceSet)]
        public CtrPlacementStrategy Strategy { get; set; } = CtrPlacementStrategy.Spread;

        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = 4;

        protected override void ProcessRecord()
        {
            var row = GetVariableValue("_") ?? (object)Name;
            try { EnsureFleet(); }
            catch (Exception e) when (e is ConfigException || e is BackendNotFoundException) { ThrowCtrError(e, row); return; }

            Core.Containers.BoxInfo box;
            BackendDefinition source;
            try
            {
                box = _fleet!.FindBox(Name, Backend);
                source = _fleet.Backends[box.Backend];
                if (!AutoPlace && !_fleet.Backends.ContainsKey(Destination)) throw new BackendNotFoundException(Destination);
                if (!AutoPlace && string.Equals(Destination, source.Name, StringComparison.OrdinalIgnoreCase))
                    throw new MigrationException(MigrationFailure.SameBackend, $"Box '{box.Name}' is already on '{source.Name}'; choose another -Destination.");
            }
            catch (Exception e) when (e is BackendNotFoundException || e is Core.Containers.BoxNotFoundException || e is MigrationException)
            {
                WriteError(MigrationErrors.ToRecord(e, row));
                return;
            }
            var member = MemberErrors.Requested(Member, AutoPlace, "CtrInvalidArgument", "", row, out var badMember);
            if (badMember != null)
            {
                WriteError(badMember);
                return;
            }

            var request = FleetView.RequestFor(box.Name, box.Cpu, box.Memory, box.Disk, box.Team, AutoPlace ? null : Destination, new[] { source.Name }, member);
            var decision = _placement!.TryReserve(request, out var reservation);
            if (!decision.Succeeded)
            {
                var (failId, failCategory) = MemberErrors.ForPlacement(decision);
                WriteError(new ErrorRecord(new PlacementException(decision), failId, failCategory, row));
                return;
            }
            var destination = _fleet.Backends[reservation!.Backend];
            var landing = MemberErrors.Landing(reservation);
            if (!ShouldProcess($"box {box.Name} (user {box.UserName}) from {box.Location} to {landing}", "Move-CtrContainer"))
            {
                _placement.Commit(reservation); // a -WhatIf plan counts like a real run's
                return;
            }
            Runner!.Post(source.Name, async (sink, ct) =>
            {
                try
                {
                    var result = await new BoxMover(Engine.Connector).MoveAsync(box.Name, source, destination, reservation.Member,
                        step => sink.Verbose($"{box.Name}: {step}"), bytes => _bytes[box.Name] = bytes, ct).ConfigureAwait(false);
                    _placement.Commit(reservation);
                    _bytes[box.Name] = result.Transfer.Bytes;
                    sink.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} -> {2}, {3:N0} bytes in {4:F1} s ({5:F1} MB/s), SHA-256 {6} at source, relay and destination",
                        box.Name, result.From, destination.Name, result.Transfer.Bytes, result.Transfer.Elapsed.TotalSeconds, result.Transfer.MegabytesPerSecond, result.Transfer.DestinationSha256));
                    if (result.Warning != null) sink.Warning(result.Warning);
                    ContainerNameCompleter.Forget(source.Name, box.Name);
                    ContainerNameCompleter.Remember(destination.Name, box.Name);
                    sink.Output(CtrContainer.From(result.Box));
                }
                catch (Exception e)
                {
                    _placement.Release(reservation);
                    if (e is OperationCanceledException && ct.IsCancellationRequested) throw;
                    sink.Error(MigrationErrors.ToRecord(e, row));
                }
            });
            WriteQueued();
        }

        /// <summary>A cancelled move puts its source back (restart, access path, partial copy removed) before the command returns.</summary>
        protected override TimeSpan RollbackWait => TimeSpan.FromMinutes(10);

        private void EnsureFleet()
        {
            if (_fleet != null) return;
            _fleet = Wait(FleetView.ReadAsync(Engine, CancellationToken));
            _placement = _fleet.NewPlacement((PlacementStrategy)(int)Strategy);
            Runner = new ParallelRunner(ThrottleLimit, ThrottleLimit, CancellationToken);
        }

        protected override void ReportProgress()
        {
            var megabytes = _bytes.Values.Sum() / 1e6;
            var r = Runner!;
            var record = new ProgressRecord(1, "Move-CtrContainer",
                string.Format(CultureInfo.InvariantCulture, "{0} of {1} boxes moved, {2:N0} MB streamed", r.Completed, r.Started, megabytes))
            {
                PercentComplete = r.Started == 0 ? 0 : Math.Min(100, 100 * r.Completed / r.Started),
            };
            WriteProgress(record);
        }
    }
}
