using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Containarium.HelpBuilder.Docs
{
    /// <summary>One ```yaml block under a parameter. A missing key takes PlatyPS's default.</summary>
    public sealed class ParameterYaml
    {
        public const string TypeKey = "Type";
        public const string SetsKey = "Parameter Sets";
        public const string AliasesKey = "Aliases";
        public const string AcceptedValuesKey = "Accepted values";
        public const string ApplicableKey = "Applicable";
        public const string RequiredKey = "Required";
        public const string PositionKey = "Position";
        public const string DefaultValueKey = "Default value";
        public const string PipelineKey = "Accept pipeline input";
        public const string WildcardsKey = "Accept wildcard characters";

        public static readonly IReadOnlyList<string> Keys = new[]
        {
            TypeKey, SetsKey, AliasesKey, AcceptedValuesKey, ApplicableKey, RequiredKey, PositionKey,
            DefaultValueKey, PipelineKey, WildcardsKey,
        };

        public ParameterYaml(int line) { Line = line; }

        public int Line { get; }
        public string? Type { get; set; }
        /// <summary>Set names as written; "(All)" for every set.</summary>
        public List<string> Sets { get; set; } = new List<string> { "(All)" };
        public List<string> Aliases { get; set; } = new List<string>();
        public List<string> AcceptedValues { get; set; } = new List<string>();
        public bool Required { get; set; }
        /// <summary>Null when named.</summary>
        public int? Position { get; set; }
        public string? DefaultValue { get; set; }
        public bool ByValue { get; set; }
        public bool ByPropertyName { get; set; }
        public bool Wildcards { get; set; }

        /// <summary>Parses the block's text; problems go to <paramref name="error"/> (key, message).</summary>
        public static ParameterYaml Parse(string text, int line, Action<int, string> error)
        {
            var yaml = new ParameterYaml(line);
            var lines = text.Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var raw = lines[i];
                if (raw.Trim().Length == 0) continue;
                var lineNo = line + 1 + i;
                var colon = raw.IndexOf(':');
                if (colon <= 0) { error(lineNo, $"yaml line '{raw.Trim()}' is not 'Key: value'"); continue; }
                var key = raw.Substring(0, colon).Trim();
                var value = raw.Substring(colon + 1).Trim();
                var known = Keys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                switch (known)
                {
                    case TypeKey: yaml.Type = value; break;
                    case SetsKey: yaml.Sets = List(value); if (yaml.Sets.Count == 0) error(lineNo, "Parameter Sets is empty"); break;
                    case AliasesKey: yaml.Aliases = List(value); break;
                    case AcceptedValuesKey: yaml.AcceptedValues = List(value); break;
                    case ApplicableKey: break;
                    case RequiredKey: yaml.Required = Bool(value, key, lineNo, error); break;
                    case PositionKey: yaml.Position = ParsePosition(value, lineNo, error); break;
                    case DefaultValueKey: yaml.DefaultValue = value; break;
                    case PipelineKey: ParsePipeline(yaml, value, lineNo, error); break;
                    case WildcardsKey: yaml.Wildcards = Bool(value, key, lineNo, error); break;
                    default: error(lineNo, $"unknown yaml key '{key}' (allowed: {string.Join(", ", Keys)})"); break;
                }
            }
            return yaml;
        }

        /// <summary>"None" and an empty value both mean no entries.</summary>
        private static List<string> List(string value) =>
            string.Equals(value, "None", StringComparison.OrdinalIgnoreCase)
                ? new List<string>()
                : value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

        private static bool Bool(string value, string key, int line, Action<int, string> error)
        {
            if (string.Equals(value, "True", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(value, "False", StringComparison.OrdinalIgnoreCase)) return false;
            error(line, $"{key} must be True or False, not '{value}'");
            return false;
        }

        private static int? ParsePosition(string value, int line, Action<int, string> error)
        {
            if (string.Equals(value, "Named", StringComparison.OrdinalIgnoreCase)) return null;
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p)) return p;
            error(line, $"Position must be a number or Named, not '{value}'");
            return null;
        }

        private static void ParsePipeline(ParameterYaml yaml, string value, int line, Action<int, string> error)
        {
            if (string.Equals(value, "False", StringComparison.OrdinalIgnoreCase)) return;
            var open = value.IndexOf('(');
            var close = value.LastIndexOf(')');
            if (value.StartsWith("True", StringComparison.OrdinalIgnoreCase) && open > 0 && close > open)
            {
                foreach (var kind in value.Substring(open + 1, close - open - 1).Split(',').Select(s => s.Trim()))
                {
                    if (string.Equals(kind, "ByValue", StringComparison.OrdinalIgnoreCase)) yaml.ByValue = true;
                    else if (string.Equals(kind, "ByPropertyName", StringComparison.OrdinalIgnoreCase)) yaml.ByPropertyName = true;
                    else error(line, $"unknown pipeline input kind '{kind}' (ByValue, ByPropertyName)");
                }
                if (yaml.ByValue || yaml.ByPropertyName) return;
            }
            error(line, $"Accept pipeline input must be False, True (ByValue), True (ByPropertyName) or True (ByValue, ByPropertyName), not '{value}'");
        }
    }
}
