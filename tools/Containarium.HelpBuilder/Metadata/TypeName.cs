using System;
using System.Linq;

namespace Containarium.HelpBuilder.Metadata
{
    /// <summary>A parameter type as docs write it: friendly ("String[]", "SwitchParameter") for framework and
    /// PowerShell types, full name for the module's own types.</summary>
    public sealed class TypeName
    {
        public const string SwitchFullName = "System.Management.Automation.SwitchParameter";

        public static readonly TypeName Switch = new TypeName("SwitchParameter", SwitchFullName, true);

        public TypeName(string friendly, string full, bool isSwitch = false)
        {
            Friendly = friendly;
            Full = full;
            IsSwitch = isSwitch;
        }

        /// <summary>How the skeleton and the MAML write the type.</summary>
        public string Friendly { get; }
        /// <summary>The same type with every name spelled in full, e.g. "System.String[]".</summary>
        public string Full { get; }
        public bool IsSwitch { get; }

        /// <summary>A doc may write either spelling, in any case.</summary>
        public bool Matches(string? docType)
        {
            if (docType == null) return false;
            var d = docType.Trim();
            return string.Equals(d, Friendly, StringComparison.OrdinalIgnoreCase)
                || string.Equals(d, Full, StringComparison.OrdinalIgnoreCase);
        }

        public override string ToString() => Friendly;

        public static TypeName FromType(Type type) =>
            new TypeName(Spell(type, full: false), Spell(type, full: true),
                type.FullName == SwitchFullName);

        private static string Spell(Type type, bool full)
        {
            if (type.IsByRef) return Spell(type.GetElementType()!, full);
            if (type.IsArray)
            {
                var rank = type.GetArrayRank();
                return Spell(type.GetElementType()!, full) + "[" + new string(',', rank - 1) + "]";
            }
            if (type.IsGenericType)
            {
                var args = type.GetGenericArguments();
                var def = type.GetGenericTypeDefinition();
                // Nullable<T> binds like T; PlatyPS writes the underlying type.
                if (def.FullName == "System.Nullable`1") return Spell(args[0], full);
                var bare = BaseName(def, full);
                var tick = bare.IndexOf('`');
                if (tick >= 0) bare = bare.Substring(0, tick);
                return bare + "[" + string.Join(", ", args.Select(a => Spell(a, full))) + "]";
            }
            return BaseName(type, full);
        }

        private static string BaseName(Type type, bool full)
        {
            var fullName = (type.FullName ?? type.Name).Replace('+', '.');
            if (full) return fullName;
            return IsFrameworkType(type) ? NestedName(type) : fullName;
        }

        private static string NestedName(Type type) =>
            type.IsNested && type.DeclaringType != null ? NestedName(type.DeclaringType) + "." + type.Name : type.Name;

        private static bool IsFrameworkType(Type type)
        {
            var ns = type.Namespace ?? "";
            return ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal)
                || ns.StartsWith("Microsoft.PowerShell", StringComparison.Ordinal);
        }
    }
}
