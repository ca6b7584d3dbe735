using System;
using System.Collections.Generic;
using System.Linq;

namespace Containarium.HelpBuilder.Metadata
{
    /// <summary>What a cmdlet declares, read from its attributes without running it.</summary>
    public sealed class CmdletMetadata
    {
        public CmdletMetadata(string verb, string noun, string typeName, bool supportsShouldProcess,
            string? defaultParameterSetName, IReadOnlyList<string> outputTypes, IReadOnlyList<ParameterMetadata> parameters)
        {
            Verb = verb;
            Noun = noun;
            TypeName = typeName;
            SupportsShouldProcess = supportsShouldProcess;
            DefaultParameterSetName = string.IsNullOrEmpty(defaultParameterSetName) ? null : defaultParameterSetName;
            OutputTypes = outputTypes;
            Parameters = parameters;
            ParameterSetNames = ComputeSetNames();
        }

        public string Verb { get; }
        public string Noun { get; }
        public string Name => Verb + "-" + Noun;
        /// <summary>Full name of the implementing class.</summary>
        public string TypeName { get; }
        public bool SupportsShouldProcess { get; }
        public string? DefaultParameterSetName { get; }
        /// <summary>Type names from [OutputType], full names, in declaration order, distinct.</summary>
        public IReadOnlyList<string> OutputTypes { get; }
        /// <summary>Parameters a user can type: declared ones (base classes included; DontShow ones too, as
        /// Get-Command lists them),
        /// then -WhatIf and -Confirm when the cmdlet supports ShouldProcess.</summary>
        public IReadOnlyList<ParameterMetadata> Parameters { get; }
        /// <summary>The parameter sets as Get-Command reports them: the default set first, then the others
        /// in order of first declaration; <see cref="ParameterSetBinding.AllSets"/> alone when no parameter
        /// names a set.</summary>
        public IReadOnlyList<string> ParameterSetNames { get; }

        public ParameterMetadata? FindParameter(string name) =>
            Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>The parameters that take part in <paramref name="setName"/>, each with its binding there.</summary>
        public IEnumerable<(ParameterMetadata Parameter, ParameterSetBinding Binding)> ParametersIn(string setName)
        {
            foreach (var p in Parameters)
            {
                var b = p.BindingFor(setName);
                if (b != null) yield return (p, b);
            }
        }

        /// <summary>The parameters of a set in the order Get-Command's syntax lists them: positional ones by
        /// position, then mandatory named, then optional named, then the engine's (-WhatIf, -Confirm, then the paging ones).</summary>
        public IReadOnlyList<(ParameterMetadata Parameter, ParameterSetBinding Binding)> SyntaxOrder(string setName)
        {
            var all = ParametersIn(setName).ToList();
            var declared = all.Where(x => !x.Parameter.IsEngineParameter).ToList();
            return declared.Where(x => x.Binding.Position != null).OrderBy(x => x.Binding.Position)
                .Concat(declared.Where(x => x.Binding.Position == null && x.Binding.Mandatory))
                .Concat(declared.Where(x => x.Binding.Position == null && !x.Binding.Mandatory))
                .Concat(all.Where(x => x.Parameter.IsEngineParameter))
                .ToList();
        }

        /// <summary>One line of syntax per set, as Get-Command -Syntax writes it (types in their friendly form).</summary>
        public string SyntaxText(string setName)
        {
            var parts = new List<string> { Name };
            foreach (var (p, b) in SyntaxOrder(setName))
            {
                var value = p.IsSwitch ? "" : " <" + p.Type.Friendly + ">";
                // A switch is written by name even when it has a position, as Get-Command does.
                var text = b.Position != null && !p.IsSwitch ? "[-" + p.Name + "]" + value : "-" + p.Name + value;
                parts.Add(b.Mandatory ? text : "[" + text + "]");
            }
            parts.Add("[<CommonParameters>]");
            return string.Join(" ", parts);
        }

        private IReadOnlyList<string> ComputeSetNames()
        {
            var names = new List<string>();
            foreach (var p in Parameters)
                foreach (var b in p.Bindings)
                    if (!b.IsAllSets && !names.Contains(b.SetName, StringComparer.OrdinalIgnoreCase))
                        names.Add(b.SetName);
            if (DefaultParameterSetName != null && !names.Contains(DefaultParameterSetName, StringComparer.OrdinalIgnoreCase))
                names.Add(DefaultParameterSetName);
            if (names.Count == 0) return new[] { ParameterSetBinding.AllSets };
            if (DefaultParameterSetName != null)
            {
                names.RemoveAll(n => string.Equals(n, DefaultParameterSetName, StringComparison.OrdinalIgnoreCase));
                names.Insert(0, DefaultParameterSetName);
            }
            return names;
        }
    }

    /// <summary>One parameter and how it binds in each set it belongs to.</summary>
    public sealed class ParameterMetadata
    {
        public ParameterMetadata(string name, TypeName type, IReadOnlyList<string> aliases, bool supportsWildcards,
            IReadOnlyList<string> acceptedValues, IReadOnlyList<ParameterSetBinding> bindings, string? engineDescription = null)
        {
            Name = name;
            Type = type;
            Aliases = aliases;
            SupportsWildcards = supportsWildcards;
            AcceptedValues = acceptedValues;
            Bindings = bindings;
            EngineDescription = engineDescription;
        }

        public string Name { get; }
        public TypeName Type { get; }
        public bool IsSwitch => Type.IsSwitch;
        public IReadOnlyList<string> Aliases { get; }
        public bool SupportsWildcards { get; }
        /// <summary>From [ValidateSet]; empty when there is none.</summary>
        public IReadOnlyList<string> AcceptedValues { get; }
        /// <summary>One per [Parameter] attribute.</summary>
        public IReadOnlyList<ParameterSetBinding> Bindings { get; }
        /// <summary>For a parameter the engine adds (-WhatIf/-Confirm for SupportsShouldProcess, -First/-Skip/
        /// -IncludeTotalCount for SupportsPaging): its standard description; null for declared parameters.</summary>
        public string? EngineDescription { get; }
        public bool IsEngineParameter => EngineDescription != null;
        public bool IsShouldProcessParameter => IsEngineParameter && (Name == "WhatIf" || Name == "Confirm");

        public bool InAllSets => Bindings.Any(b => b.IsAllSets);

        /// <summary>The binding that applies in <paramref name="setName"/>: an attribute naming the set wins
        /// over one without a set name; null when the parameter is not in that set.</summary>
        public ParameterSetBinding? BindingFor(string setName) =>
            Bindings.FirstOrDefault(b => string.Equals(b.SetName, setName, StringComparison.OrdinalIgnoreCase))
            ?? Bindings.FirstOrDefault(b => b.IsAllSets);

        /// <summary>The names of the sets this parameter is declared in, "(All)" for an attribute without one.</summary>
        public IReadOnlyList<string> DocSetNames => Bindings.Select(b => b.DocSetName).ToList();

        /// <summary>A parameter the engine adds, in every set, optional and named.</summary>
        public static ParameterMetadata Engine(string name, TypeName type, string? alias, string description) =>
            new ParameterMetadata(name, type, alias == null ? Array.Empty<string>() : new[] { alias }, false, Array.Empty<string>(),
                new[] { new ParameterSetBinding(ParameterSetBinding.AllSets, false, null, false, false) }, description);
    }

    /// <summary>One [Parameter] attribute: the set it applies to and how the parameter binds there.</summary>
    public sealed class ParameterSetBinding
    {
        /// <summary>The engine's name for "every set" (ParameterAttribute.AllParameterSets).</summary>
        public const string AllSets = "__AllParameterSets";
        /// <summary>How PlatyPS markdown writes "every set".</summary>
        public const string DocAllSets = "(All)";

        public ParameterSetBinding(string setName, bool mandatory, int? position, bool byValue, bool byPropertyName)
        {
            SetName = string.IsNullOrEmpty(setName) ? AllSets : setName;
            Mandatory = mandatory;
            Position = position;
            ValueFromPipeline = byValue;
            ValueFromPipelineByPropertyName = byPropertyName;
        }

        public string SetName { get; }
        public bool IsAllSets => SetName == AllSets;
        public string DocSetName => IsAllSets ? DocAllSets : SetName;
        public bool Mandatory { get; }
        /// <summary>Null when named.</summary>
        public int? Position { get; }
        public bool ValueFromPipeline { get; }
        public bool ValueFromPipelineByPropertyName { get; }

        /// <summary>PlatyPS's "Accept pipeline input" text.</summary>
        public string PipelineInputText => PipelineText(ValueFromPipeline, ValueFromPipelineByPropertyName);
        /// <summary>PlatyPS's "Position" text: a number or "Named".</summary>
        public string PositionText => Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "Named";

        /// <summary>Same "Required, Position, pipeline" as <paramref name="other"/>: such bindings share a yaml block.</summary>
        public bool SameShapeAs(ParameterSetBinding other) =>
            Mandatory == other.Mandatory && Position == other.Position
            && ValueFromPipeline == other.ValueFromPipeline && ValueFromPipelineByPropertyName == other.ValueFromPipelineByPropertyName;

        public static string PipelineText(bool byValue, bool byPropertyName) =>
            (byValue, byPropertyName) switch
            {
                (true, true) => "True (ByValue, ByPropertyName)",
                (true, false) => "True (ByValue)",
                (false, true) => "True (ByPropertyName)",
                _ => "False",
            };
    }
}
