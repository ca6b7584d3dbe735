using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Containarium.HelpBuilder.Metadata
{
    /// <summary>The cmdlets of one module assembly.</summary>
    public sealed class ModuleMetadata
    {
        public ModuleMetadata(string assemblyPath, IReadOnlyList<CmdletMetadata> cmdlets)
        {
            AssemblyPath = assemblyPath;
            Cmdlets = cmdlets;
        }

        public string AssemblyPath { get; }
        public string AssemblyFileName => Path.GetFileName(AssemblyPath);
        /// <summary>The MAML file PowerShell looks for: "&lt;assembly file name&gt;-Help.xml".</summary>
        public string HelpFileName => AssemblyFileName + "-Help.xml";
        public IReadOnlyList<CmdletMetadata> Cmdlets { get; }

        public CmdletMetadata? FindCmdlet(string name) =>
            Cmdlets.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Where to look for the assemblies the module references.</summary>
    public sealed class ReaderOptions
    {
        /// <summary>Extra folders searched for referenced assemblies.</summary>
        public IList<string> ReferenceDirectories { get; } = new List<string>();
        /// <summary>System.Management.Automation to resolve against; defaults to the copy shipped beside this tool.</summary>
        public string? SmaPath { get; set; }
    }

    public sealed class MetadataException : Exception
    {
        public MetadataException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>Reads cmdlet metadata with <see cref="MetadataLoadContext"/>: the module is inspected as data and
    /// none of its code (static constructors, module initializers) runs.</summary>
    public static class ModuleMetadataReader
    {
        private const string Sma = "System.Management.Automation.";
        private const string CmdletAttribute = Sma + "CmdletAttribute";
        private const string ParameterAttribute = Sma + "ParameterAttribute";
        private const string AliasAttribute = Sma + "AliasAttribute";
        private const string SupportsWildcardsAttribute = Sma + "SupportsWildcardsAttribute";
        private const string ValidateSetAttribute = Sma + "ValidateSetAttribute";
        private const string OutputTypeAttribute = Sma + "OutputTypeAttribute";
        private const string CmdletBase = Sma + "Cmdlet";

        public static string DefaultSmaPath => Path.Combine(AppContext.BaseDirectory, "sma", "System.Management.Automation.dll");

        public static ModuleMetadata Read(string assemblyPath, ReaderOptions? options = null)
        {
            options ??= new ReaderOptions();
            var fullPath = Path.GetFullPath(assemblyPath);
            if (!File.Exists(fullPath)) throw new MetadataException($"{assemblyPath}: assembly not found");

            try { AssemblyName.GetAssemblyName(fullPath); }
            catch (BadImageFormatException e) { throw new MetadataException($"{assemblyPath}: not a .NET assembly ({e.Message})", e); }
            var resolver = new LenientResolver(ResolutionPaths(fullPath, options).ToList());
            using var context = new MetadataLoadContext(resolver, "System.Private.CoreLib");
            var assembly = context.LoadFromAssemblyPath(fullPath);

            try
            {
                var cmdlets = LoadableTypes(assembly)
                    .Where(t => t.IsClass && t.IsPublic && !t.IsAbstract)
                    .Select(t => (Type: t, Attribute: Find(t.GetCustomAttributesData(), CmdletAttribute)))
                    .Where(x => x.Attribute != null && DerivesFrom(x.Type, CmdletBase))
                    .Select(x => ReadCmdlet(x.Type, x.Attribute!))
                    .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                    .ToList();
                return new ModuleMetadata(fullPath, cmdlets);
            }
            catch (FileNotFoundException e)
            {
                throw new MetadataException(
                    $"{assemblyPath}: cannot resolve a referenced assembly ({e.Message}); put it beside the module, in its Dependencies folder, or pass --reference <dir>", e);
            }
        }

        /// <summary>One file per assembly name, looked for in the module's folder, its Dependencies folder, the
        /// --reference folders, System.Management.Automation and the runtime; where a name is found more than
        /// once the highest version wins (the first found on a tie). A MetadataLoadContext refuses two
        /// files of the same identity, and a module folder often repeats what the runtime has.</summary>
        private static IEnumerable<string> ResolutionPaths(string assemblyPath, ReaderOptions options)
        {
            var dir = Path.GetDirectoryName(assemblyPath)!;
            var dirs = new List<string> { dir, Path.Combine(dir, "Dependencies") };
            dirs.AddRange(options.ReferenceDirectories);
            var candidates = dirs.Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d, "*.dll")).ToList();
            var sma = options.SmaPath ?? DefaultSmaPath;
            if (File.Exists(sma)) candidates.Add(sma);
            candidates.AddRange(Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"));

            var best = new Dictionary<string, (string Path, Version Version)>(StringComparer.OrdinalIgnoreCase);
            foreach (var path in candidates)
            {
                AssemblyName name;
                try { name = AssemblyName.GetAssemblyName(path); }
                catch (Exception e) when (e is BadImageFormatException or FileLoadException) { continue; } // native or broken
                var version = name.Version ?? new Version(0, 0);
                if (name.Name == null) continue;
                if (!best.TryGetValue(name.Name, out var current) || version > current.Version) best[name.Name] = (path, version);
            }
            var module = AssemblyName.GetAssemblyName(assemblyPath);
            best[module.Name!] = (assemblyPath, module.Version ?? new Version(0, 0));
            return best.Values.Select(v => v.Path);
        }

        private static IEnumerable<Type> LoadableTypes(Assembly assembly)
        {
            try { return assembly.GetTypes(); }
            catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t != null)!; }
        }

        private static CmdletMetadata ReadCmdlet(Type type, CustomAttributeData cmdlet)
        {
            var verb = (string)cmdlet.ConstructorArguments[0].Value!;
            var noun = (string)cmdlet.ConstructorArguments[1].Value!;
            var ssp = Named<bool>(cmdlet, "SupportsShouldProcess");
            var defaultSet = Named<string>(cmdlet, "DefaultParameterSetName");

            var outputs = type.GetCustomAttributesData()
                .Where(a => a.AttributeType.FullName == OutputTypeAttribute)
                .SelectMany(a => StringsOrTypes(a))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();

            var parameters = ReadParameters(type);
            if (ssp) parameters.AddRange(EngineParameters.ShouldProcess);
            if (Named<bool>(cmdlet, "SupportsPaging")) parameters.AddRange(EngineParameters.Paging);
            return new CmdletMetadata(verb, noun, type.FullName!, ssp, defaultSet, outputs, parameters);
        }

        private static List<ParameterMetadata> ReadParameters(Type type)
        {
            var result = new List<ParameterMetadata>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly;
            // Most derived first, as the engine lists them; a member hidden by a derived one is skipped.
            for (var t = type; t != null && t.FullName != CmdletBase && t.FullName != Sma + "PSCmdlet"; t = t.BaseType)
            {
                var members = t.GetProperties(flags).Select(p => (Member: (MemberInfo)p, Type: p.PropertyType))
                    .Concat(t.GetFields(flags).Select(f => (Member: (MemberInfo)f, Type: f.FieldType)));
                foreach (var (member, memberType) in members)
                {
                    var attrs = member.GetCustomAttributesData();
                    var parameterAttrs = attrs.Where(a => a.AttributeType.FullName == ParameterAttribute).ToList();
                    if (parameterAttrs.Count == 0 || !seen.Add(member.Name)) continue;
                    var bindings = parameterAttrs.Select(a => new ParameterSetBinding(
                        Named<string>(a, "ParameterSetName") ?? ParameterSetBinding.AllSets,
                        Named<bool>(a, "Mandatory"),
                        Position(a),
                        Named<bool>(a, "ValueFromPipeline"),
                        Named<bool>(a, "ValueFromPipelineByPropertyName"))).ToList();
                    var aliases = attrs.Where(a => a.AttributeType.FullName == AliasAttribute).SelectMany(StringsOrTypes).ToList();
                    var wildcards = attrs.Any(a => a.AttributeType.FullName == SupportsWildcardsAttribute);
                    var accepted = attrs.Where(a => a.AttributeType.FullName == ValidateSetAttribute).SelectMany(StringsOrTypes).ToList();
                    result.Add(new ParameterMetadata(member.Name, TypeName.FromType(memberType), aliases, wildcards, accepted, bindings));
                }
            }
            return result;
        }

        private static int? Position(CustomAttributeData a)
        {
            // ParameterAttribute.Position defaults to int.MinValue, which means "named".
            foreach (var n in a.NamedArguments)
                if (n.MemberName == "Position" && n.TypedValue.Value is int value && value != int.MinValue) return value;
            return null;
        }

        private static T? Named<T>(CustomAttributeData a, string name)
        {
            foreach (var n in a.NamedArguments)
                if (n.MemberName == name && n.TypedValue.Value is T value) return value;
            return default;
        }

        /// <summary>The strings (or type full names) passed to a params-array constructor, e.g. [Alias("a","b")].</summary>
        private static IEnumerable<string> StringsOrTypes(CustomAttributeData a)
        {
            foreach (var arg in a.ConstructorArguments)
            {
                if (arg.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items)
                {
                    foreach (var item in items)
                        if (Spell(item.Value) is string s) yield return s;
                }
                else if (Spell(arg.Value) is string s) yield return s;
            }
        }

        private static string? Spell(object? value) => value switch
        {
            string s => s,
            Type t => TypeName.FromType(t).Full,
            _ => null,
        };

        private static CustomAttributeData? Find(IEnumerable<CustomAttributeData> attrs, string fullName) =>
            attrs.FirstOrDefault(a => a.AttributeType.FullName == fullName);

        private static bool DerivesFrom(Type type, string baseFullName)
        {
            for (var t = type.BaseType; t != null; t = t.BaseType)
                if (t.FullName == baseFullName) return true;
            return false;
        }
    }

    /// <summary>Resolves by name, version and public key token like <see cref="PathAssemblyResolver"/>; when that
    /// finds nothing, takes the one file of that simple name (a module may ship a copy built without the strong
    /// name its references ask for, which the runtime loads anyway).</summary>
    internal sealed class LenientResolver : MetadataAssemblyResolver
    {
        private readonly PathAssemblyResolver _strict;
        private readonly Dictionary<string, string> _byName;
        private readonly Dictionary<string, Assembly> _loose = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);

        public LenientResolver(IReadOnlyCollection<string> paths)
        {
            _strict = new PathAssemblyResolver(paths);
            _byName = paths.GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        }

        public override Assembly? Resolve(MetadataLoadContext context, AssemblyName assemblyName)
        {
            var strict = _strict.Resolve(context, assemblyName);
            if (strict != null || assemblyName.Name == null) return strict;
            if (_loose.TryGetValue(assemblyName.Name, out var known)) return known;
            if (!_byName.TryGetValue(assemblyName.Name, out var path)) return null;
            return _loose[assemblyName.Name] = context.LoadFromAssemblyPath(path);
        }
    }
}
