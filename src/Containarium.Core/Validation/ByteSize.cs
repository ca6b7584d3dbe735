using System;
using System.Globalization;

namespace Containarium.Core.Validation
{
    /// <summary>
    /// A size in bytes plus the exact text Incus accepts for it (its units: B, kB, MB, GB, TB, KiB, MiB, GiB, TiB; integers only).
    /// The text is the shortest exact spelling, binary units preferred on a tie: 4 GiB → "4GiB", 4 GB → "4GB", 1536 MiB → "1536MiB".
    /// </summary>
    public readonly struct ByteSize : IEquatable<ByteSize>, IComparable<ByteSize>
    {
        public const long KiB = 1L << 10, MiB = 1L << 20, GiB = 1L << 30, TiB = 1L << 40;

        // Largest first, binary before decimal: the first of equally short spellings wins.
        private static readonly (long Unit, string Suffix)[] Spellings =
        {
            (TiB, "TiB"), (GiB, "GiB"), (MiB, "MiB"), (KiB, "KiB"),
            (1_000_000_000_000L, "TB"), (1_000_000_000L, "GB"), (1_000_000L, "MB"), (1_000L, "kB"),
        };

        private readonly string? _incusValue;

        private ByteSize(long bytes, string incusValue)
        {
            Bytes = bytes;
            _incusValue = incusValue;
        }

        public long Bytes { get; }

        /// <summary>The value to send to Incus, e.g. "4GiB" (for limits.memory or a root disk size).</summary>
        public string IncusValue => _incusValue ?? "0B"; // default(ByteSize) has no text

        public static ByteSize FromBytes(long bytes)
        {
            if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes), "A size cannot be negative.");
            var best = bytes.ToString(CultureInfo.InvariantCulture) + "B";
            foreach (var (unit, suffix) in Spellings)
            {
                if (bytes == 0 || bytes % unit != 0) continue;
                var text = (bytes / unit).ToString(CultureInfo.InvariantCulture) + suffix;
                if (text.Length < best.Length) best = text;
            }
            return new ByteSize(bytes, best);
        }

        public bool Equals(ByteSize other) => Bytes == other.Bytes;
        public override bool Equals(object? obj) => obj is ByteSize b && Equals(b);
        public override int GetHashCode() => Bytes.GetHashCode();
        public int CompareTo(ByteSize other) => Bytes.CompareTo(other.Bytes);
        public override string ToString() => IncusValue;
        public static bool operator ==(ByteSize a, ByteSize b) => a.Equals(b);
        public static bool operator !=(ByteSize a, ByteSize b) => !a.Equals(b);
    }
}
