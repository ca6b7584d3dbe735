using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Containarium.Core.Validation
{
    /// <summary>
    /// Parses memory/disk sizes and CPU counts as admins type them in a CSV or on the command line.
    /// <para>Sizes: a number (digits, optional ".digits"), optional spaces, optional unit, case-insensitive:
    /// B; kB/KB, MB, GB, TB (decimal, 1000ⁿ, as Incus); KiB, MiB, GiB, TiB (binary, 1024ⁿ, as Incus);
    /// K, M, G, T and Ki, Mi, Gi, Ti are binary (Docker/QEMU/coreutils and Kubernetes spellings).
    /// A bare number means GiB for both Memory and Disk. The result must be a whole number of bytes.</para>
    /// <para>Bounds: Memory 64MiB–64TiB, Disk 1GiB–64TiB.
    /// Percentages ("50%") are refused: placement needs an absolute figure.</para>
    /// <para>CPU: a whole number of CPUs 1–1024 (Incus limits.cpu=N); "2.0" is read as 2 because spreadsheets write
    /// whole numbers that way. Fractions, millicpu ("500m") and pinning sets ("0-3") are refused.</para>
    /// The grammar admits only ASCII digits, '.', spaces and unit letters, so no shell metacharacter can pass.
    /// </summary>
    public static class SizeParser
    {
        public const long MinMemoryBytes = 64 * ByteSize.MiB;
        public const long MinDiskBytes = ByteSize.GiB;
        public const long MaxSizeBytes = 64 * ByteSize.TiB;
        public const int MinCpu = 1;
        public const int MaxCpu = 1024;

        /// <summary>The unit a bare number means (both fields): GiB.</summary>
        public const string DefaultUnit = "GiB";

        private const string UnitList = "B, kB, MB, GB, TB, KiB, MiB, GiB or TiB";

        private static readonly Regex SizeGrammar = new Regex(
            "^(?<int>[0-9]{1,20})(?:\\.(?<frac>[0-9]{1,9}))?[ \\t]*(?<unit>[A-Za-z]{0,5})\\z", RegexOptions.CultureInvariant);

        private static readonly Regex CpuGrammar = new Regex("^(?<n>[0-9]{1,5})(?:\\.0{1,9})?\\z", RegexOptions.CultureInvariant);

        private static readonly Dictionary<string, long> Units = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase)
        {
            ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
            ["kb"] = 1_000L, ["mb"] = 1_000_000L, ["gb"] = 1_000_000_000L, ["tb"] = 1_000_000_000_000L,
            ["k"] = ByteSize.KiB, ["ki"] = ByteSize.KiB, ["kib"] = ByteSize.KiB,
            ["m"] = ByteSize.MiB, ["mi"] = ByteSize.MiB, ["mib"] = ByteSize.MiB,
            ["g"] = ByteSize.GiB, ["gi"] = ByteSize.GiB, ["gib"] = ByteSize.GiB,
            ["t"] = ByteSize.TiB, ["ti"] = ByteSize.TiB, ["tib"] = ByteSize.TiB,
        };

        public static bool TryParseMemory(string? text, out ByteSize size, out string? error, string field = "Memory") =>
            TryParseSize(text, field, MinMemoryBytes, out size, out error);

        public static bool TryParseDisk(string? text, out ByteSize size, out string? error, string field = "Disk") =>
            TryParseSize(text, field, MinDiskBytes, out size, out error);

        public static ByteSize ParseMemory(string? text, string field = "Memory") =>
            TryParseMemory(text, out var s, out var e, field) ? s : throw new ArgumentException(e);

        public static ByteSize ParseDisk(string? text, string field = "Disk") =>
            TryParseDisk(text, out var s, out var e, field) ? s : throw new ArgumentException(e);

        public static int ParseCpu(string? text, string field = "Cpu") =>
            TryParseCpu(text, out var n, out var e, field) ? n : throw new ArgumentException(e);

        public static bool TryParseSize(string? text, string field, long minBytes, out ByteSize size, out string? error)
        {
            size = default;
            var s = Trim(text);
            var prefix = $"{field} {ValueDisplay.Show(text)} is invalid: ";
            if (s.Length == 0) return Fail(out error, prefix + "it is empty.");
            var m = SizeGrammar.Match(s);
            if (!m.Success) return Fail(out error, prefix + ExplainBadSize(s));

            var unitText = m.Groups["unit"].Value;
            long unit;
            if (unitText.Length == 0) unit = ByteSize.GiB;
            else if (!Units.TryGetValue(unitText, out unit))
                return Fail(out error, prefix + $"unknown unit '{unitText}'; use {UnitList} (a bare number means {DefaultUnit}).");

            decimal number;
            try
            {
                number = decimal.Parse(m.Groups["int"].Value + (m.Groups["frac"].Success ? "." + m.Groups["frac"].Value : ""),
                    NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            }
            catch (OverflowException) { return Fail(out error, prefix + TooLarge(unitText)); }

            // decimal has 28 digits: the largest allowed figure (20 digits × 2^40) cannot overflow it once bounded first.
            if (number > MaxSizeBytes) return Fail(out error, prefix + TooLarge(unitText));
            var bytes = number * unit;
            if (bytes > MaxSizeBytes) return Fail(out error, prefix + TooLarge(unitText));
            if (bytes < minBytes)
                return Fail(out error, prefix + $"the minimum is {ByteSize.FromBytes(minBytes).IncusValue}" +
                                       (unitText.Length == 0 ? $" (a bare number means {DefaultUnit})." : "."));
            if (bytes != decimal.Truncate(bytes)) return Fail(out error, prefix + "it is not a whole number of bytes.");

            size = ByteSize.FromBytes((long)bytes);
            error = null;
            return true;
        }

        public static bool TryParseCpu(string? text, out int cpus, out string? error, string field = "Cpu")
        {
            cpus = 0;
            var s = Trim(text);
            var prefix = $"{field} {ValueDisplay.Show(text)} is invalid: ";
            if (s.Length == 0) return Fail(out error, prefix + "it is empty.");
            var m = CpuGrammar.Match(s);
            if (!m.Success) return Fail(out error, prefix + ExplainBadCpu(s));
            var n = int.Parse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            if (n < MinCpu) return Fail(out error, prefix + "a box needs at least 1 CPU.");
            if (n > MaxCpu) return Fail(out error, prefix + $"the maximum is {MaxCpu} CPUs.");
            cpus = n;
            error = null;
            return true;
        }

        // Only ASCII blanks: a no-break space or other look-alike must not silently vanish.
        private static string Trim(string? text) => (text ?? "").Trim(' ', '\t');

        private static string ExplainBadSize(string s)
        {
            if (s.StartsWith("-", StringComparison.Ordinal)) return "a size must be positive.";
            if (s.EndsWith("%", StringComparison.Ordinal)) return "percentages are not accepted; give an absolute size such as 4GiB.";
            if (s.IndexOf(',') >= 0) return "use '.' as the decimal point and no thousands separators.";
            return $"expected a number with an optional unit ({UnitList}), e.g. 4GiB, 512MiB or '10 GB'.";
        }

        private static string ExplainBadCpu(string s)
        {
            if (s.StartsWith("-", StringComparison.Ordinal)) return "a CPU count must be positive.";
            if (Regex.IsMatch(s, "^[0-9]+[mM]\\z")) return "millicpu values are not supported; give a whole number of CPUs.";
            if (Regex.IsMatch(s, "^[0-9]+\\.[0-9]+\\z")) return "fractional CPUs are not supported; give a whole number of CPUs.";
            if (Regex.IsMatch(s, "^[0-9]+[-,][0-9,-]*\\z")) return "CPU pinning sets are not supported; give a number of CPUs.";
            return "expected a whole number of CPUs, e.g. 2.";
        }

        private static string TooLarge(string unitText) =>
            $"the maximum is {ByteSize.FromBytes(MaxSizeBytes).IncusValue}" +
            (unitText.Length == 0 ? $" (a bare number means {DefaultUnit}; write e.g. 2147483648B for bytes)." : ".");

        private static bool Fail(out string? error, string message)
        {
            error = message;
            return false;
        }
    }
}
