using System.Management.Automation;

namespace Containarium.PowerShell.Module
{
    /// <summary>Import/remove hooks. The resolver is already registered by the module constructor; removal closes pooled SSH connections.</summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyResolver.Register();

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            EngineShutdown.CloseConnections();
            DependencyResolver.Unregister();
        }
    }
}
