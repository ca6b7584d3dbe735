using System.Runtime.CompilerServices;

namespace System.Runtime.CompilerServices
{
    // netstandard2.0 lacks the attribute; the compiler only needs a type of this name to emit a module initializer.
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class ModuleInitializerAttribute : Attribute { }
}

namespace Containarium.PowerShell.Module
{
    internal static class ModuleConstructor
    {
        /// <summary>Runs when this assembly loads, before PowerShell reflects over any cmdlet that touches the engine.</summary>
        [ModuleInitializer]
        internal static void Run() => DependencyResolver.Register();
    }
}
