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

        /// <summary>Box defaults: the built-in sizes and the configured default image.</summary>
        public Containarium.Core.Onboarding.BoxDefaults BoxDefaults => new Containarium.Core.Onboarding.BoxDefaults(
            Containarium.Core.Onboarding.BoxDefaults.DefaultCpu,
            Containarium.Core.Validation.ByteSize.FromBytes(Containarium.Core.Onboarding.BoxDefaults.DefaultMemoryBytes),
            Containarium.Core.Validation.ByteSize.FromBytes(Containarium.Core.Onboarding.BoxDefaults.DefaultDiskBytes),
            Config.Preferences.DefaultImage);

        /// <summary>Forget the cached config after this call changed it.</summary>
        public void Refresh() => _config = null;
    }
}
