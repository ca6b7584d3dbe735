using System.Collections.Generic;

namespace Containarium.Core.Team
{
    /// <summary>One CSV field and the 1-based physical line it starts on.</summary>
    public sealed class CsvField
    {
        public CsvField(string value, int lineNumber)
        {
            Value = value;
            LineNumber = lineNumber;
        }

        public string Value { get; }
        public int LineNumber { get; }
    }

    /// <summary>One CSV record; <see cref="Error"/> is set when its syntax is broken (the fields are then unreliable).</summary>
    public sealed class CsvRecord
    {
        public CsvRecord(int lineNumber, IReadOnlyList<CsvField> fields, string? error)
        {
            LineNumber = lineNumber;
            Fields = fields;
            Error = error;
        }

        /// <summary>Physical line the record starts on.</summary>
        public int LineNumber { get; }
        public IReadOnlyList<CsvField> Fields { get; }
        public string? Error { get; }

        /// <summary>A line with nothing on it (or only blanks): skipped like Import-Csv does.</summary>
        public bool IsBlank => Error == null && Fields.Count == 1 && Fields[0].Value.Trim(' ', '\t').Length == 0;
    }
}
