using System;
using System.Management.Automation;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Transport;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Removes a backend from the inventory and forgets its recorded host key. Boxes on the host are not touched:
    /// their truth lives on the host, and registering it again shows them again.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Unregister, "CtrBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CtrBackend))]
    public sealed class UnregisterCtrBackendCommand : CtrCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Backend")]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            BackendDefinition existing;
            try
            {
                existing = Engine.Inventory.Get(Name);
            }
            catch (Exception e) when (e is BackendNotFoundException || e is ConfigException)
            {
                WriteCtrError(e, Name);
                return;
            }
            if (!ShouldProcess($"backend '{existing.Name}' ({existing.HostName}:{existing.Port})", "Unregister")) return;
            try
            {
                var removed = BackendCleanup.Forget(Engine, existing);
                if (PassThru) WriteObject(CtrBackend.FromDefinition(removed));
            }
            catch (Exception e) when (e is BackendNotFoundException || e is ConfigException)
            {
                WriteCtrError(e, Name);
            }
        }
    }
}
