using System.IO;
using System.Linq;
using Containarium.Core.Team;
using Xunit;

namespace Containarium.Core.Tests.Team
{
    public class CsvParserTests
    {
        private static CsvRecord[] Parse(string text) => CsvParser.Parse(new StringReader(text)).ToArray();

        private static string[][] Values(string text) => Parse(text).Select(r => r.Fields.Select(f => f.Value).ToArray()).ToArray();

        [Fact]
        public void Plain_records_with_lf_crlf_and_lone_cr()
        {
            Assert.Equal(new[] { new[] { "a", "b" }, new[] { "c", "d" }, new[] { "e", "f" } }, Values("a,b\r\nc,d\ne,f"));
            Assert.Equal(new[] { 1, 2, 3 }, Parse("a\rb\r\nc\n").Select(r => r.LineNumber));
        }

        [Fact]
        public void Quoted_fields_hold_commas_doubled_quotes_and_line_breaks()
        {
            var records = Parse("x,\"a, \"\"b\"\"\nc\r\nd\",y\nz,w\n");
            Assert.Equal(2, records.Length);
            Assert.Equal(new[] { "x", "a, \"b\"\nc\r\nd", "y" }, records[0].Fields.Select(f => f.Value));
            Assert.Equal(new[] { 1, 1, 3 }, records[0].Fields.Select(f => f.LineNumber));
            Assert.Equal(4, records[1].LineNumber); // physical line after the 3-line record
        }

        [Fact]
        public void Empty_fields_and_trailing_commas_are_kept()
        {
            Assert.Equal(new[] { new[] { "", "a", "" }, new[] { "\"" } }, Values(",a,\n\"\"\"\""));
        }

        [Fact]
        public void A_bom_is_dropped_and_a_final_newline_adds_no_record()
        {
            Assert.Equal(new[] { new[] { "h" }, new[] { "v" } }, Values("\uFEFFh\nv\n"));
        }

        [Fact]
        public void A_quote_inside_an_unquoted_field_is_literal()
        {
            Assert.Equal(new[] { new[] { "6'2\"", "x" } }, Values("6'2\",x"));
        }

        [Fact]
        public void Text_after_a_closing_quote_breaks_the_record()
        {
            var r = Parse("a,\"b\"c,d\ne\n");
            Assert.Contains("unexpected text after a closing quote on line 1", r[0].Error);
            Assert.Null(r[1].Error); // the next record is unaffected
        }

        [Fact]
        public void An_unclosed_quote_is_reported_at_the_line_it_opened()
        {
            var r = Parse("a,b\nc,\"d\ne\nf\n");
            Assert.Equal(2, r.Length);
            Assert.Equal("a quoted field opened on line 2 is never closed.", r[1].Error);
        }

        [Fact]
        public void Blank_lines_are_blank_records()
        {
            var r = Parse("a\n\n  \nb\n");
            Assert.Equal(new[] { false, true, true, false }, r.Select(x => x.IsBlank));
            Assert.Equal(4, r[3].LineNumber);
        }

        [Fact]
        public void Oversized_fields_are_refused()
        {
            var r = Parse("a," + new string('x', CsvParser.MaxFieldLength + 1) + "\n");
            Assert.Contains("longer than 65536 characters", r[0].Error);
        }
    }
}
