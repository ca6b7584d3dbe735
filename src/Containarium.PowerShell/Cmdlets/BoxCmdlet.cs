using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Validation;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that act on existing boxes: -Name (+ optional -Backend) bound by property name from
    /// Get-CtrContainer, a fleet-wide lookup for bare names, rows run in parallel, progress on the pipeline thread.
    /// </summary>
    public abstract class BoxCmdlet : ParallelCmdlet
    {
        private FleetBoxLookup? _lookup;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("BoxName", "ContainerName")]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Backend of the box; without it the name is looked up on every backend.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string? Backend { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>"stopped", "removed"…: the progress line reads "n of N boxes stopped".</summary>
        protected abstract string DoneVerb { get; }

        /// <summary>Acts on one resolved box: checks, ShouldProcess, then <see cref="Post"/>.</summary>
        protected abstract void ProcessBox(BoxInfo box, BackendDefinition backend);

        protected override void ProcessRecord()
        {
            foreach (var name in Name)
            {
                var problem = NameRules.CheckInstanceName(name);
                if (problem != null)
                {
                    WriteError(new ErrorRecord(new ArgumentException(problem), "CtrInvalidArgument", ErrorCategory.InvalidArgument, name));
                    continue;
                }
                BoxInfo box;
                BackendDefinition backend;
                try { (box, backend) = Wait(Lookup().FindAsync(name, Backend, CancellationToken)); }
                catch (ConfigException e) { ThrowCtrError(e, Engine.Store.Path); return; }
                catch (Exception e) when (!(e is PipelineStoppedException))
                {
                    WriteCtrError(e, string.IsNullOrEmpty(Backend) ? name : Backend + "/" + name);
                    continue;
                }
                ContainerNameCompleter.Remember(backend.Name, box.Name);
                ProcessBox(box, backend);
            }
            WriteQueued();
        }

        /// <summary>The ShouldProcess target of a box: "backend/box".</summary>
        protected static string Target(BoxInfo box) => box.Backend + "/" + box.Name;

        /// <summary>
        /// Runs <paramref name="work"/> for the box on a worker; failures become an error record with the box as target.
        /// With <paramref name="passThru"/> the box is read again afterwards and written.
        /// </summary>
        protected void Post(BoxInfo box, BackendDefinition backend, bool passThru, Func<BoxService, CancellationToken, Task> work)
        {
            Runner ??= new ParallelRunner(ThrottleLimit, 4, CancellationToken);
            var target = CtrContainer.From(box);
            Runner.Post(backend.Name, async (sink, ct) =>
            {
                var service = new BoxService(backend, Engine.Connector);
                try
                {
                    await work(service, ct).ConfigureAwait(false);
                    if (passThru)
                    {
                        var fresh = await service.FindAsync(box.Name, ct).ConfigureAwait(false);
                        if (fresh != null) sink.Output(CtrContainer.From(fresh));
                    }
                }
                catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
                {
                    sink.Error(ErrorMapper.ToRecord(e, target));
                }
            });
        }

        /// <summary>Writes the box as it is (for -PassThru when nothing needed doing).</summary>
        protected void WriteUnchanged(BoxInfo box, bool passThru, string why)
        {
            WriteVerbose($"{Target(box)}: {why}; nothing to do.");
            if (passThru) WriteObject(CtrContainer.From(box));
        }

        /// <summary>The restored box that replaces <paramref name="box"/> when it is a stale copy, else null (reads every backend once).</summary>
        protected (BoxInfo Box, BackendDefinition Backend)? ReplacementOf(BoxInfo box) => Wait(Lookup().ReplacementOfAsync(box, CancellationToken));

        private FleetBoxLookup Lookup() => _lookup ??= new FleetBoxLookup(Engine.Inventory.List(), Engine.Connector);

        protected override void ReportProgress()
        {
            var r = Runner!;
            WriteProgress(new ProgressRecord(1, MyInvocation.MyCommand.Name, $"{r.Completed} of {r.Started} boxes {DoneVerb}")
            {
                PercentComplete = r.Started == 0 ? 0 : Math.Min(100, 100 * r.Completed / r.Started),
            });
        }
    }
}
