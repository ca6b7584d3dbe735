using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Onboarding;
using Containarium.Core.Placement;
using Containarium.Core.Validation;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Creates a dev box per pipeline row (e.g. Import-Csv team.csv): validated first, placed with in-pipeline
    /// awareness, created in parallel, idempotent for boxes that already exist for the same owner.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CtrContainer", SupportsShouldProcess = true, DefaultParameterSetName = BackendSet)]
    [OutputType(typeof(CtrContainer))]
    public sealed class NewCtrContainerCommand : ParallelCmdlet
    {
        private const string BackendSet = "Backend";
        private const string AutoPlaceSet = "AutoPlace";
        private PlacementSession? _placement;
        private Dictionary<string, BackendDefinition>? _backends;
        private Dictionary<string, BoxInfo>? _existing;
        private int _rows;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("User", "Login")]
        public string UserName { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("SshKey", "PublicKey", "Key")]
        public string[] SshPublicKey { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? SshPublicKeyFile { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Team { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Cpu { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Memory { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Disk { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Image { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("BoxName", "ContainerName")]
        public string? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = BackendSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string Backend { get; set; } = "";

        /// <summary>The cluster member of -Backend to create the box on (else the placement score picks one).</summary>
        [Parameter(ParameterSetName = BackendSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(MemberNameCompleter))]
        public string? Member { get; set; }

        /// <summary>Inside a cluster backend: the member the placement score picks (default), or the one Incus's own scheduler picks.</summary>
        [Parameter]
        public CtrMemberPlacement MemberPlacement { get; set; } = CtrMemberPlacement.Score;

        [Parameter(Mandatory = true, ParameterSetName = AutoPlaceSet)]
        public SwitchParameter AutoPlace { get; set; }

        [Parameter(ParameterSetName = AutoPlaceSet)]
        public CtrPlacementStrategy Strategy { get; set; } = CtrPlacementStrategy.Spread;

        /// <summary>Docker/podman inside the box (Incus nesting).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter EnableDocker { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>At most this many creations at once on one backend.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int PerBackendLimit { get; set; } = 4;

        protected override void ProcessRecord()
        {
            _rows++;
            var row = CurrentRow();
            var input = new BoxRequestInput
            {
                UserName = UserName,
                SshPublicKey = SshPublicKey.ToList(),
                SshPublicKeyFile = SshPublicKeyFile == null ? null : GetUnresolvedProviderPathFromPSPath(SshPublicKeyFile),
                Team = Team, Cpu = Cpu, Memory = Memory, Disk = Disk, Image = Image, Name = Name,
                Backend = AutoPlace ? null : Backend,
                EnableDocker = EnableDocker ? "true" : null,
            };
            if (input.SshPublicKeyFile != null && System.IO.File.Exists(input.SshPublicKeyFile))
                input.SshPublicKeyFileContent = System.IO.File.ReadAllText(input.SshPublicKeyFile);
            BoxDefaults defaults;
            try { defaults = Engine.BoxDefaults; }
            catch (ConfigException e) { ThrowCtrError(e, Engine.Store.Path); return; }
            var validation = BoxRequestValidator.Validate(input, defaults);
            if (!validation.IsValid)
            {
                var message = $"Row for '{UserName}': " + string.Join("; ", validation.Problems.Select(p => p.ToString()));
                WriteError(new ErrorRecord(new ArgumentException(message), "CtrInvalidBoxRequest", ErrorCategory.InvalidArgument, row));
                return;
            }
            var request = validation.Request!;

            try { EnsurePlacement(); }
            catch (Exception e) when (e is ConfigException || e is BackendNotFoundException) { ThrowCtrError(e, row); return; }

            if (!AutoPlace && !_backends!.ContainsKey(request.Backend ?? ""))
            {
                WriteCtrError(new BackendNotFoundException(request.Backend ?? ""), row);
                return;
            }
            // Idempotent across the fleet: a box of that name anywhere is this row's box (same owner) or a conflict.
            if (_existing!.TryGetValue(request.Name, out var existing))
            {
                if (existing.UserName == request.UserName)
                    WriteWarning($"Box '{existing.Name}' for '{existing.UserName}' already exists on '{existing.Backend}'; nothing was changed.");
                else
                    WriteError(new ErrorRecord(new BoxConflictException(existing.Name, existing.Backend, existing.UserName, request.UserName),
                        "CtrContainerExists", ErrorCategory.ResourceExists, row));
                return;
            }
            var member = MemberErrors.Requested(Member, AutoPlace, "CtrInvalidBoxRequest", $"Row for '{UserName}': ", row, out var badMember);
            if (badMember != null)
            {
                WriteError(badMember);
                return;
            }
            var decision = _placement!.TryReserve(PlacementRequest.From(request, null, member), out var reservation);
            if (!decision.Succeeded)
            {
                var (failId, failCategory) = MemberErrors.ForPlacement(decision);
                WriteError(new ErrorRecord(new PlacementException(decision), failId, failCategory, row));
                return;
            }
            var backend = _backends![reservation!.Backend];
            var spec = ToSpec(request, backend);
            spec.Member = reservation.Member;
            var plan = $"user {spec.UserName}, box {spec.Name}, backend {backend.Name}{(spec.Member != null ? " member " + spec.Member : backend.Cluster == true ? " (member chosen by Incus)" : "")}, {request.Cpu} CPU, {spec.Memory} memory, {spec.Disk} disk, image {spec.Image}" + (spec.Nesting ? ", docker" : "");
            var what = $"Performing the operation \"New-CtrContainer\" on target \"{plan}\".";
            if (!ShouldProcess(what, $"Create box {spec.Name} ({plan})?", "Confirm", out var reason))
            {
                // -WhatIf keeps the reservation, so the printed plan spreads rows exactly as a real run would;
                // a row declined at -Confirm gives its room back to the rows after it.
                if (reason != ShouldProcessReason.WhatIf) _placement.Release(reservation);
                return;
            }
            Runner!.Post(backend.Name, async (sink, ct) =>
            {
                try
                {
                    var (box, created) = await new BoxService(backend, Engine.Connector).CreateAsync(spec, step => sink.Verbose($"{spec.Name}: {step}"), ct).ConfigureAwait(false);
                    if (created)
                    {
                        _placement.Commit(reservation);
                        sink.Output(CtrContainer.From(box));
                    }
                    else
                    {
                        _placement.Release(reservation);
                        sink.Warning($"Box '{box.Name}' for '{box.UserName}' already exists on '{box.Backend}'; nothing was changed.");
                    }
                }
                catch (Exception e)
                {
                    _placement.Release(reservation);
                    if (e is OperationCanceledException && ct.IsCancellationRequested) throw;
                    // Cancelled without Ctrl+C: a bounded call to the backend gave up (a member that died mid-call).
                    if (e is OperationCanceledException)
                        e = new TimeoutException($"Creating box '{spec.Name}' on '{backend.Name}' gave up: a call to the backend timed out ({e.Message}).", e);
                    var (id, category) = e is BoxConflictException ? ("CtrContainerExists", ErrorCategory.ResourceExists) : ErrorMapper.Classify(e);
                    sink.Error(new ErrorRecord(e, id, category, row));
                }
            });
            WriteQueued();
        }

        protected override void ReportProgress()
        {
            var r = Runner!;
            var record = new ProgressRecord(1, "New-CtrContainer", $"{r.Completed} of {r.Started} boxes ready")
            {
                PercentComplete = r.Started == 0 ? 0 : Math.Min(100, 100 * r.Completed / r.Started),
            };
            WriteProgress(record);
        }

        private void EnsurePlacement()
        {
            if (_placement != null) return;
            var all = Engine.Inventory.List();
            _backends = all.ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
            var fleet = Wait(SnapshotReader.ReadAsync(all, Engine.Connector, CancellationToken));
            _existing = fleet.Boxes.GroupBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            _placement = new PlacementSession(fleet.Backends, FleetView.Settings((PlacementStrategy)(int)Strategy, Engine.Config.Preferences,
                MemberPlacement == CtrMemberPlacement.Incus));
            Runner = new ParallelRunner(ThrottleLimit, PerBackendLimit, CancellationToken);
        }

        private BoxSpec ToSpec(BoxRequest r, BackendDefinition backend) => new BoxSpec
        {
            Name = r.Name,
            UserName = r.UserName,
            Team = r.Team,
            Image = Image == null && backend.DefaultImage != null ? backend.DefaultImage : r.Image,
            Cpu = r.Cpu.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Memory = r.Memory.IncusValue,
            Disk = r.Disk.IncusValue,
            Nesting = r.EnableDocker,
            PublicKeys = r.SshPublicKeys.Select(k => k.Canonical).ToList(),
            KeyFingerprints = r.SshPublicKeys.Select(k => k.Fingerprint).ToList(),
            CreatedBy = Environment.UserName + "@" + Environment.MachineName,
        };

        /// <summary>The pipeline row as it came in (a CSV row object), or a description of the parameters.</summary>
        /// <summary>
        /// The piped row itself (hidden): its properties bind by name to the parameters above, and it is the target of the
        /// row's error record, so a failed CSV row can be found and re-run as it was given.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        private object CurrentRow() => (object?)InputObject ?? $"UserName={UserName}";
    }
}
