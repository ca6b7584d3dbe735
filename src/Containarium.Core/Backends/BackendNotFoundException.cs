using System;

namespace Containarium.Core.Backends
{
    public sealed class BackendNotFoundException : Exception
    {
        public BackendNotFoundException(string name)
            : base($"No backend named '{name}' is registered. Get-CtrBackend lists the registered ones.")
        {
            BackendName = name;
        }

        public string BackendName { get; }
    }
}
