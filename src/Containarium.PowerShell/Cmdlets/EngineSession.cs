using Containarium.Core.Backends;
using Containarium.Core.Config;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>The engine objects one cmdlet call works with. The config is read once per call, when first needed.</summary>
    internal sealed class EngineSession
    {
        private ModuleConfig? _config;

        public EngineSession()
        {
            Store = ConfigStore.Default();
            Inventory = new BackendInventory(Store);
        }

        public ConfigStore Store { get; }
        public BackendInventory Inventory { get; }

        public ModuleConfig Config => _config ??= Store.Load();

        public BackendConnector Connector => new BackendConnector(Store, Config.Preferences);

        /// <summary>Forget the cached config after this call changed it.</summary>
        public void Refresh() => _config = null;
    }
}
