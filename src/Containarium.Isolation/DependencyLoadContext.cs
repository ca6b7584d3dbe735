using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Containarium.Isolation
{
    /// <summary>
    /// Holds the module's private dependencies (Containarium.Core, SSH.NET, BouncyCastle…) apart from whatever
    /// versions other modules loaded into PowerShell's default context. Framework assemblies that the host
    /// already provides (its trusted platform assemblies) are left to the default context, so types such as
    /// Span or JsonElement keep one identity.
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string _directory;
        private readonly string _platformAssemblies;

        public DependencyLoadContext(string directory) : base("Containarium", isCollectible: false)
        {
            _directory = directory;
            _platformAssemblies = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var file = assemblyName.Name + ".dll";
            var path = Path.Combine(_directory, file);
            if (!File.Exists(path)) return null;
            if (IsPlatformAssembly(file)) return null;
            return LoadFromAssemblyPath(path);
        }

        /// <summary>Loads the engine assembly by name into this context; called by reflection from the netstandard2.0 module.</summary>
        public Assembly LoadDependency(string name) => LoadFromAssemblyName(new AssemblyName(name));

        private bool IsPlatformAssembly(string file) =>
            _platformAssemblies.IndexOf(Path.DirectorySeparatorChar + file, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
