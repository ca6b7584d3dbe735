using System;
using System.IO;
using System.Reflection;

namespace Containarium.PowerShell.Module
{
    /// <summary>
    /// Loads the module's dependencies from Dependencies/ and answers only for names found there.
    /// PowerShell 7: into a private AssemblyLoadContext (Containarium.Isolation.dll, created by reflection because
    /// this assembly is netstandard2.0). Windows PowerShell 5.1: Assembly.LoadFrom with any-version semantics,
    /// standing in for the binding redirects 5.1 cannot have.
    /// </summary>
    internal static class DependencyResolver
    {
        private static readonly object Gate = new object();
        private static string? _directory;
        private static object? _loadContext;
        private static MethodInfo? _loadDependency;
        private static bool _registered;

        public static void Register()
        {
            lock (Gate)
            {
                if (_registered) return;
                var here = Path.GetDirectoryName(typeof(DependencyResolver).Assembly.Location) ?? "";
                _directory = Path.Combine(here, "Dependencies");
                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                _registered = true;
            }
        }

        public static void Unregister()
        {
            lock (Gate)
            {
                if (!_registered) return;
                AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                _registered = false;
            }
        }

        private static bool IsCoreClr => typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") != null;

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            var directory = _directory;
            if (name == null || directory == null) return null;
            var path = Path.Combine(directory, name + ".dll");
            if (!File.Exists(path)) return null;

            if (!IsCoreClr) return Assembly.LoadFrom(path);

            // On PowerShell 7 the default context only ever asks for our engine; its own references are
            // resolved inside the private context, so other requests are not ours to answer.
            var requester = args.RequestingAssembly;
            if (requester != null && requester != typeof(DependencyResolver).Assembly) return null;
            return LoadIsolated(name);
        }

        private static Assembly LoadIsolated(string name)
        {
            lock (Gate)
            {
                if (_loadContext == null)
                {
                    var isolation = Assembly.LoadFrom(Path.Combine(_directory!, "Containarium.Isolation.dll"));
                    var type = isolation.GetType("Containarium.Isolation.DependencyLoadContext", throwOnError: true)!;
                    _loadContext = Activator.CreateInstance(type, _directory);
                    _loadDependency = type.GetMethod("LoadDependency");
                }
            }
            return (Assembly)_loadDependency!.Invoke(_loadContext, new object[] { name })!;
        }
    }
}
