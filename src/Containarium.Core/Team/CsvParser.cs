using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Containarium.Core.Team
{
    /// <summary>
    /// RFC 4180 reader that keeps physical line numbers: fields may be quoted ("" is a quote inside), quoted fields may hold
    /// commas and line breaks; records end at CRLF, LF or a lone CR. A quote inside an unquoted field is kept literally
    /// (as Excel does); text after a closing quote, or a quote left open at the end, marks the record broken.
    /// A UTF-8 byte-order mark at the start is dropped.
    /// </summary>
    public static class CsvParser
    {
        public const int MaxFieldLength = 65536; // a 16384-bit RSA key is ~2.8 KB; anything this big is not a team file

        public static IEnumerable<CsvRecord> Parse(TextReader reader)
        {
            var line = 1;
            var first = true;
            while (true)
            {
                var start = line;
                var fields = new List<CsvField>();
                string? error = null;
                var sb = new StringBuilder();
                var fieldLine = line;
                var c = reader.Read();
                if (first && c == '\uFEFF') c = reader.Read();
                first = false;
                if (c < 0) yield break;

                while (true)
                {
                    if (c == '"' && sb.Length == 0)
                    {
                        // Quoted field: read to the closing quote, counting the line breaks inside.
                        var closed = false;
                        while ((c = reader.Read()) >= 0)
                        {
                            if (c == '"')
                            {
                                if (reader.Peek() == '"') { reader.Read(); sb.Append('"'); continue; }
                                closed = true;
                                break;
                            }
                            if (c == '\n' || (c == '\r' && reader.Peek() != '\n')) line++;
                            sb.Append((char)c);
                        }
                        if (!closed)
                        {
                            error ??= $"a quoted field opened on line {fieldLine} is never closed.";
                            fields.Add(new CsvField(sb.ToString(), fieldLine));
                            yield return new CsvRecord(start, fields, error);
                            yield break;
                        }
                        c = reader.Read();
                        if (c >= 0 && c != ',' && c != '\r' && c != '\n')
                        {
                            error ??= $"unexpected text after a closing quote on line {line} (quotes inside a field must be doubled: \"\").";
                            while (c >= 0 && c != ',' && c != '\r' && c != '\n') { sb.Append((char)c); c = reader.Read(); }
                        }
                    }
                    else
                    {
                        while (c >= 0 && c != ',' && c != '\r' && c != '\n') { sb.Append((char)c); c = reader.Read(); }
                    }

                    if (sb.Length > MaxFieldLength) error ??= $"a field on line {fieldLine} is longer than {MaxFieldLength} characters.";
                    fields.Add(new CsvField(sb.ToString(), fieldLine));
                    sb.Clear();
                    if (c == ',') { c = reader.Read(); fieldLine = line; continue; }
                    if (c == '\r' && reader.Peek() == '\n') reader.Read();
                    if (c >= 0) line++;
                    break;
                }
                yield return new CsvRecord(start, fields, error);
                if (c < 0) yield break;
            }
        }
    }
}
