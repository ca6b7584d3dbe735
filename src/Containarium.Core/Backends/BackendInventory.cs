using System;
using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Config;

namespace Containarium.Core.Backends
{
    /// <summary>The registered backends: add, change and remove them in the config file.</summary>
    public sealed class BackendInventory
    {
        public BackendInventory(ConfigStore store)
        {
            Store = store ?? throw new ArgumentNullException(nameof(store));
        }

        public ConfigStore Store { get; }

        public IReadOnlyList<BackendDefinition> List() => Store.Load().Backends.OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ToList();

        public BackendDefinition Get(string name) =>
            Store.Load().Backends.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new BackendNotFoundException(name);

        /// <summary>Adds a backend; with <paramref name="replace"/> an existing one of that name is overwritten, else it is a conflict.</summary>
        public void Register(BackendDefinition definition, bool replace)
        {
            Store.Update(config =>
            {
                var existing = config.Backends.FindIndex(b => string.Equals(b.Name, definition.Name, StringComparison.OrdinalIgnoreCase));
                if (existing >= 0 && !replace)
                    throw new InvalidOperationException($"A backend named '{definition.Name}' is already registered (use -Force to replace it).");
                if (existing >= 0) config.Backends[existing] = definition;
                else config.Backends.Add(definition);
                return 0;
            });
        }

        /// <summary>Changes one backend under the config lock and returns the stored result.</summary>
        public BackendDefinition Update(string name, Action<BackendDefinition> change)
        {
            return Store.Update(config =>
            {
                var b = config.Backends.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))
                        ?? throw new BackendNotFoundException(name);
                change(b);
                return b.Clone();
            });
        }

        public BackendDefinition Unregister(string name)
        {
            return Store.Update(config =>
            {
                var b = config.Backends.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))
                        ?? throw new BackendNotFoundException(name);
                config.Backends.Remove(b);
                return b;
            });
        }
    }
}
