using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Gce;
using Containarium.Core.Incus;
using Containarium.Core.Transport;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Shared shape of Start-/Stop-CtrBackend: names from the pipeline, one ShouldProcess each, the VMs handled in parallel.</summary>
    public abstract class GceBackendBatchCmdlet : GceCmdlet
    {
        private readonly List<BackendDefinition> _selected = new List<BackendDefinition>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Backend")]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        protected abstract string Verb { get; }

        protected override string Activity => Verb + "-CtrBackend";

        protected override void ProcessRecord()
        {
            foreach (var name in Name)
            {
                var backend = GceBackend(name, "it was not created by New-CtrBackend");
                if (backend == null) continue;
                if (_selected.Any(b => b.Name == backend.Name)) continue;
                if (ShouldProcess($"backend '{backend.Name}' (VM {backend.Gce})", Verb)) _selected.Add(backend);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_selected.Count == 0) return;
                Prepare(); // on the pipeline thread: paths, config and the client are resolved here
                var tasks = _selected.Select(b => Task.Run(() => RunOneAsync(b))).ToList();
                Pump(Task.WhenAll(tasks.Select(t => (Task)t)).ContinueWith(_ => 0, TaskScheduler.Default), string.Join(", ", _selected.Select(b => b.Name)));
                for (var i = 0; i < tasks.Count; i++)
                {
                    var t = tasks[i];
                    if (t.IsFaulted) WriteCtrError(t.Exception!.InnerException!, _selected[i].Name);
                    else if (t.Result != null) WriteObject(t.Result);
                }
            }
            finally
            {
                base.EndProcessing();
            }
        }

        /// <summary>Resolves what the parallel work needs, on the pipeline thread.</summary>
        protected virtual void Prepare()
        {
            Connector = Engine.Connector;
            _ = Manager;
        }

        internal BackendConnector Connector { get; private set; } = null!;

        /// <summary>The work for one backend (runs on the thread pool); the output object, or null to write nothing.</summary>
        protected abstract Task<CtrBackend?> RunOneAsync(BackendDefinition backend);
    }

    /// <summary>
    /// Starts the VMs of Compute Engine backends (e.g. preempted Spot hosts) and waits until Incus answers; the
    /// boxes with boot.autostart come back with it. A changed external address is written to the registration.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "CtrBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(CtrBackend))]
    public sealed class StartCtrBackendCommand : GceBackendBatchCmdlet
    {
        [Parameter]
        [ValidateRange(1, 120)]
        public int TimeoutMinutes { get; set; } = 15;

        protected override string Verb => "Start";

        protected override void Prepare()
        {
            base.Prepare();
            var connector = Connector;
            Manager.ReadyTimeout = TimeSpan.FromMinutes(TimeoutMinutes);
            Manager.PendingBoxes = (b, ct) => Autostart.PendingAsync(connector.Incus(b), ct);
        }

        protected override async Task<CtrBackend?> RunOneAsync(BackendDefinition backend)
        {
            BackendCleanup.CloseConnection(Connector, backend); // the old connection died with the VM
            var (definition, status) = await Manager.StartAsync(backend, CancellationToken).ConfigureAwait(false);
            var output = CtrBackend.FromStatus(status);
            output.GceStatus = "RUNNING";
            return output;
        }
    }

    /// <summary>Stops the VMs of Compute Engine backends (the disks and the boxes on them are kept).</summary>
    [Cmdlet(VerbsLifecycle.Stop, "CtrBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CtrBackend))]
    public sealed class StopCtrBackendCommand : GceBackendBatchCmdlet
    {
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Verb => "Stop";

        protected override async Task<CtrBackend?> RunOneAsync(BackendDefinition backend)
        {
            var instance = await Manager.StopAsync(backend, CancellationToken).ConfigureAwait(false);
            BackendCleanup.CloseConnection(Connector, backend);
            if (!PassThru) return null;
            var output = CtrBackend.FromDefinition(backend, CtrBackendState.Unreachable);
            output.GceStatus = instance.StatusText;
            return output;
        }
    }

    /// <summary>
    /// Deletes a Compute Engine backend: refuses while it holds boxes (or cannot be asked) unless -Force, deletes the
    /// VM and its kept disks (the Incus data disk), then unregisters it and forgets its host key.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CtrBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CtrBackend))]
    public sealed class RemoveCtrBackendCommand : GceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Backend")]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>Delete even when boxes remain on the backend (they are lost with its disks) or it cannot be asked.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Activity => "Remove-CtrBackend " + Name;

        protected override void ProcessRecord()
        {
            var backend = GceBackend(Name, "use Unregister-CtrBackend to forget it");
            if (backend == null) return;
            try
            {
                if (!Force)
                {
                    var (boxes, why) = Pump(Manager.CountBoxesAsync(backend, CancellationToken), backend.Name);
                    if (boxes == null)
                    {
                        WriteCtrError("CtrBackendNotEmpty", ErrorCategory.ResourceBusy,
                            $"Cannot tell whether backend '{backend.Name}' still holds boxes ({why}). Start it and move its boxes, or use -Force.", Name);
                        return;
                    }
                    if (boxes > 0)
                    {
                        WriteCtrError("CtrBackendNotEmpty", ErrorCategory.ResourceBusy,
                            $"Backend '{backend.Name}' still holds {boxes} box(es). Move or remove them first, or use -Force (they are deleted with its disks).", Name);
                        return;
                    }
                }
                if (!ShouldProcess($"backend '{backend.Name}': delete VM {backend.Gce} and its disks, then unregister it", "Remove")) return;
                var deleted = Pump(Manager.DeleteVmAsync(backend, CancellationToken), backend.Name);
                WriteVerbose("Deleted: " + (deleted.Count == 0 ? "nothing (the VM was already gone)" : string.Join(", ", deleted)));
                BackendCleanup.Forget(Engine, backend);
                if (PassThru) WriteObject(CtrBackend.FromDefinition(backend));
            }
            catch (Exception e) when (e is GceException || e is TimeoutException || e is ConfigException || e is BackendNotFoundException || e is InvalidOperationException)
            {
                WriteCtrError(e, Name);
            }
        }
    }

    /// <summary>What unregistering a backend means beyond the config: its pooled connection and its recorded host key.</summary>
    internal static class BackendCleanup
    {
        public static void CloseConnection(BackendConnector connector, BackendDefinition backend)
        {
            if (backend.Transport == TransportKind.Ssh)
                SshConnectionPool.Shared.Remove(connector.Settings(backend).RouteKey);
        }

        public static BackendDefinition Forget(EngineSession engine, BackendDefinition backend)
        {
            var removed = engine.Inventory.Unregister(backend.Name);
            if (removed.Transport == TransportKind.Ssh)
            {
                var settings = engine.Connector.Settings(removed);
                SshConnectionPool.Shared.Remove(settings.RouteKey);
                new KnownHostsStore(settings.KnownHostsPath).Remove(settings.Target);
            }
            return removed;
        }
    }
}
