using System;
using System.Management.Automation;
using Containarium.Core.Config;
using Containarium.Core.Containers;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Start, stop or restart boxes; a box already in the wanted state is left alone.</summary>
    public abstract class BoxStateCmdlet : BoxCmdlet
    {
        /// <summary>Write the box (as read after the change) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected abstract string Action { get; }
        protected virtual bool ForceStop => false;

        protected override void ProcessBox(BoxInfo box, BackendDefinition backend)
        {
            var state = box.IncusState ?? box.State;
            var running = string.Equals(state, "Running", StringComparison.OrdinalIgnoreCase);
            var action = Action;
            // A stale copy (restored elsewhere from a backup) never starts: two copies of one box would run.
            if (action != "stop" && !running)
            {
                var replacement = box.SupersededBy ?? (ReplacementOf(box) is { } r ? r.Box.Backend + "/" + r.Box.Name : null);
                if (replacement != null)
                {
                    WriteError(ErrorMapper.ToRecord(new BoxStaleException(box, replacement), CtrContainer.From(box)));
                    return;
                }
            }
            if (action == "start" && running) { WriteUnchanged(box, PassThru, "already running"); return; }
            if (action == "stop" && !running && !string.Equals(state, "Frozen", StringComparison.OrdinalIgnoreCase))
            {
                WriteUnchanged(box, PassThru, "already " + state.ToLowerInvariant());
                return;
            }
            if (action == "restart" && !running) action = "start"; // as Restart-Service does with a stopped service
            var how = action == "start" ? "" : ForceStop ? ", forced" : ", clean shutdown (30 s)";
            if (!ShouldProcess(Target(box), $"{MyInvocation.MyCommand.Name}: {action} ({box.State}{how})")) return;
            Post(box, backend, PassThru, (service, ct) => service.SetStateAsync(box.Name, action, ForceStop, ct));
        }
    }

    /// <summary>Stop and restart: a clean shutdown of 30 s, or at once with -Force.</summary>
    public abstract class BoxShutdownCmdlet : BoxStateCmdlet
    {
        /// <summary>Stop at once instead of waiting for a clean shutdown.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override bool ForceStop => Force;
    }

    [Cmdlet(VerbsLifecycle.Start, "CtrContainer", SupportsShouldProcess = true)]
    [OutputType(typeof(CtrContainer))]
    public sealed class StartCtrContainerCommand : BoxStateCmdlet
    {
        protected override string Action => "start";
        protected override string DoneVerb => "started";
    }

    [Cmdlet(VerbsLifecycle.Stop, "CtrContainer", SupportsShouldProcess = true)]
    [OutputType(typeof(CtrContainer))]
    public sealed class StopCtrContainerCommand : BoxShutdownCmdlet
    {
        protected override string Action => "stop";
        protected override string DoneVerb => "stopped";
    }

    [Cmdlet(VerbsLifecycle.Restart, "CtrContainer", SupportsShouldProcess = true)]
    [OutputType(typeof(CtrContainer))]
    public sealed class RestartCtrContainerCommand : BoxShutdownCmdlet
    {
        protected override string Action => "restart";
        protected override string DoneVerb => "restarted";
    }
}
