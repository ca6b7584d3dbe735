using Containarium.Core.Validation;
using Xunit;

namespace Containarium.Core.Tests.Validation
{
    public class SizeParserTests
    {
        [Theory]
        [InlineData("4GiB", 4L << 30, "4GiB")]
        [InlineData("4gib", 4L << 30, "4GiB")]
        [InlineData("4G", 4L << 30, "4GiB")]
        [InlineData("4g", 4L << 30, "4GiB")]
        [InlineData("4Gi", 4L << 30, "4GiB")]
        [InlineData("4", 4L << 30, "4GiB")]
        [InlineData("  4  ", 4L << 30, "4GiB")]
        [InlineData("\t4\t", 4L << 30, "4GiB")]
        [InlineData("4 GB", 4_000_000_000L, "4GB")]
        [InlineData("4GB", 4_000_000_000L, "4GB")]
        [InlineData("512MB", 512_000_000L, "512MB")]
        [InlineData("512MiB", 512L << 20, "512MiB")]
        [InlineData("512M", 512L << 20, "512MiB")]
        [InlineData("1536MiB", 1536L << 20, "1536MiB")]
        [InlineData("2048MiB", 2L << 30, "2GiB")]
        [InlineData("1.5GiB", 1536L << 20, "1536MiB")]
        [InlineData("0.5", 512L << 20, "512MiB")]
        [InlineData("65536KiB", 64L << 20, "64MiB")]
        [InlineData("128000kB", 128_000_000L, "128MB")]
        [InlineData("128000KB", 128_000_000L, "128MB")]
        [InlineData("100.5MB", 100_500_000L, "100500kB")]
        [InlineData("1TiB", 1L << 40, "1TiB")]
        [InlineData("1T", 1L << 40, "1TiB")]
        [InlineData("2TB", 2_000_000_000_000L, "2TB")]
        [InlineData("64TiB", 64L << 40, "64TiB")]
        [InlineData("2147483648B", 2L << 30, "2GiB")]
        [InlineData("2147483648 bytes", 2L << 30, "2GiB")]
        [InlineData("4.000GiB", 4L << 30, "4GiB")]
        public void Memory_accepts_admin_spellings_and_gives_exact_bytes_and_incus_text(string text, long bytes, string incus)
        {
            Assert.True(SizeParser.TryParseMemory(text, out var size, out var error), error);
            Assert.Null(error);
            Assert.Equal(bytes, size.Bytes);
            Assert.Equal(incus, size.IncusValue);
            Assert.Equal("limits.memory=" + incus, IncusLimits.MemorySetting(size));
        }

        [Fact]
        public void Incus_text_round_trips_through_the_parser()
        {
            foreach (var bytes in new[] { 64L << 20, 1_000_000_000L, 3L << 30, 1_500_000_000L, 10_000_000L << 10, 123_456_789L << 10 })
            {
                var size = ByteSize.FromBytes(bytes);
                Assert.True(SizeParser.TryParseSize(size.IncusValue, "Memory", 1, out var again, out var e), e);
                Assert.Equal(bytes, again.Bytes);
            }
        }

        [Fact]
        public void Incus_text_is_the_shortest_exact_spelling_and_falls_back_to_bytes()
        {
            Assert.Equal("1000000001B", ByteSize.FromBytes(1_000_000_001).IncusValue);
            Assert.Equal("1kB", ByteSize.FromBytes(1000).IncusValue);
            Assert.Equal("1KiB", ByteSize.FromBytes(1024).IncusValue);
            Assert.Equal("0B", default(ByteSize).IncusValue);
        }

        [Theory]
        [InlineData("10", 10L << 30, "size=10GiB")]
        [InlineData("1GiB", 1L << 30, "size=1GiB")]
        [InlineData("50GB", 50_000_000_000L, "size=50GB")]
        public void Disk_parses_and_renders_the_root_size(string text, long bytes, string setting)
        {
            var size = SizeParser.ParseDisk(text);
            Assert.Equal(bytes, size.Bytes);
            Assert.Equal(setting, IncusLimits.RootSizeSetting(size));
        }

        [Theory]
        [InlineData("63MiB", "the minimum is 64MiB")]
        [InlineData("0", "the minimum is 64MiB (a bare number means GiB)")]
        [InlineData("0.01", "the minimum is 64MiB (a bare number means GiB)")]
        [InlineData("65TiB", "the maximum is 64TiB")]
        [InlineData("2147483648", "a bare number means GiB; write e.g. 2147483648B for bytes")]
        [InlineData("99999999999999999999TiB", "the maximum is 64TiB")]
        [InlineData("-4GiB", "must be positive")]
        [InlineData("50%", "percentages are not accepted")]
        [InlineData("1,5GiB", "use '.' as the decimal point")]
        [InlineData("4 GX", "unknown unit 'GX'")]
        [InlineData("4PiB", "unknown unit 'PiB'")]
        [InlineData("67108864.5B", "not a whole number of bytes")]
        [InlineData("64000kB", "the minimum is 64MiB")]
        [InlineData("", "it is empty")]
        [InlineData("   ", "it is empty")]
        public void Memory_errors_name_the_field_the_value_and_the_reason(string text, string reason)
        {
            Assert.False(SizeParser.TryParseMemory(text, out _, out var error));
            Assert.StartsWith("Memory '", error);
            Assert.Contains(reason, error);
        }

        [Theory]
        [InlineData("4GiB; reboot")]
        [InlineData("$(reboot)")]
        [InlineData("`reboot`")]
        [InlineData("4GiB`id`")]
        [InlineData("4'GiB")]
        [InlineData("4\"GiB\"")]
        [InlineData("4GiB\n")]
        [InlineData("4GiB\nlimits.cpu=64")]
        [InlineData("4GiB\r")]
        [InlineData("4\u00A0GiB")]      // no-break space
        [InlineData("\u00A04GiB")]
        [InlineData("\uFF14GiB")]       // fullwidth digit four
        [InlineData("\u0664GiB")]       // Arabic-Indic digit four
        [InlineData("4G\u0456B")]       // Cyrillic i
        [InlineData("4GiB\u200B")]      // zero-width space
        [InlineData("4 GiB GiB")]
        [InlineData("4..5GiB")]
        [InlineData(".5GiB")]
        [InlineData("5.GiB")]
        [InlineData("+4GiB")]
        [InlineData("0x10GiB")]
        [InlineData("1e3MiB")]
        public void Memory_grammar_rejects_injection_and_look_alikes(string text)
        {
            Assert.False(SizeParser.TryParseMemory(text, out _, out var error));
            Assert.Contains("is invalid", error);
            Assert.DoesNotContain("\n", error); // the echoed value is escaped
        }

        [Fact]
        public void Disk_has_its_own_minimum_and_field_name()
        {
            Assert.False(SizeParser.TryParseDisk("512MiB", out _, out var error));
            Assert.Equal("Disk '512MiB' is invalid: the minimum is 1GiB.", error);
            Assert.False(SizeParser.TryParseDisk("x", out _, out error, "RootDisk"));
            Assert.StartsWith("RootDisk 'x' is invalid", error);
        }

        [Fact]
        public void Parse_methods_throw_argument_exceptions_with_the_same_message()
        {
            var e = Assert.Throws<System.ArgumentException>(() => SizeParser.ParseMemory("lots"));
            Assert.StartsWith("Memory 'lots' is invalid: expected a number", e.Message);
        }

        [Theory]
        [InlineData("1", 1)]
        [InlineData("2", 2)]
        [InlineData(" 2 ", 2)]
        [InlineData("2.0", 2)]
        [InlineData("2.00", 2)]
        [InlineData("1024", 1024)]
        [InlineData("016", 16)]
        public void Cpu_accepts_whole_counts(string text, int expected)
        {
            Assert.True(SizeParser.TryParseCpu(text, out var n, out var error), error);
            Assert.Equal(expected, n);
            Assert.Equal("limits.cpu=" + expected, IncusLimits.CpuSetting(n));
        }

        [Theory]
        [InlineData("0", "at least 1 CPU")]
        [InlineData("0.0", "at least 1 CPU")]
        [InlineData("-2", "must be positive")]
        [InlineData("1.5", "fractional CPUs are not supported")]
        [InlineData("0.5", "fractional CPUs are not supported")]
        [InlineData("500m", "millicpu values are not supported")]
        [InlineData("0-3", "CPU pinning sets are not supported")]
        [InlineData("1,2", "CPU pinning sets are not supported")]
        [InlineData("1025", "the maximum is 1024 CPUs")]
        [InlineData("2 cores", "expected a whole number of CPUs")]
        [InlineData("$(nproc)", "expected a whole number of CPUs")]
        [InlineData("2;reboot", "expected a whole number of CPUs")]
        [InlineData("2\n", "expected a whole number of CPUs")]
        [InlineData("\uFF12", "expected a whole number of CPUs")]
        [InlineData("", "it is empty")]
        public void Cpu_errors_explain_the_rule(string text, string reason)
        {
            Assert.False(SizeParser.TryParseCpu(text, out _, out var error));
            Assert.StartsWith("Cpu '", error);
            Assert.Contains(reason, error);
        }
    }
}
