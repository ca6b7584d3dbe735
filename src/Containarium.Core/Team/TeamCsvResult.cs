using System.Collections.Generic;
using System.Globalization;
using Containarium.Core.Onboarding;

namespace Containarium.Core.Team
{
    /// <summary>A problem (or warning) in a team file, placed by physical line and column.</summary>
    public sealed class TeamCsvProblem
    {
        public TeamCsvProblem(int lineNumber, string? column, string? field, string message)
        {
            LineNumber = lineNumber;
            Column = column;
            Field = field;
            Message = message;
        }

        /// <summary>1-based physical line in the file (where the field starts, for multi-line quoted fields).</summary>
        public int LineNumber { get; }
        /// <summary>The header as written in the file (e.g. "Login"), or null for whole-row problems.</summary>
        public string? Column { get; }
        /// <summary>The canonical field (e.g. "UserName"), or null.</summary>
        public string? Field { get; }
        public string Message { get; }

        public override string ToString() =>
            "line " + LineNumber.ToString(CultureInfo.InvariantCulture) + (Column == null ? "" : ", column " + Column) + ": " + Message;
    }

    /// <summary>One valid row, ready to place and create.</summary>
    public sealed class TeamCsvRow
    {
        public TeamCsvRow(int lineNumber, BoxRequest request, BoxRequestInput? input = null)
        {
            LineNumber = lineNumber;
            Request = request;
            Input = input ?? new BoxRequestInput();
        }

        public int LineNumber { get; }
        public BoxRequest Request { get; }
        /// <summary>The row's text as written: tells a value the file gave from a default the validator filled in.</summary>
        public BoxRequestInput Input { get; }
    }

    /// <summary>Everything read from a team file. Nothing should be created unless <see cref="IsValid"/>.</summary>
    public sealed class TeamCsvResult
    {
        public TeamCsvResult(IReadOnlyList<TeamCsvRow> rows, IReadOnlyList<TeamCsvProblem> problems, IReadOnlyList<TeamCsvProblem> warnings, int dataRowCount)
        {
            Rows = rows;
            Problems = problems;
            Warnings = warnings;
            DataRowCount = dataRowCount;
        }

        /// <summary>Rows without any problem, in file order.</summary>
        public IReadOnlyList<TeamCsvRow> Rows { get; }
        public IReadOnlyList<TeamCsvProblem> Problems { get; }
        /// <summary>Things that do not block (unknown columns, a key shared by two users).</summary>
        public IReadOnlyList<TeamCsvProblem> Warnings { get; }
        /// <summary>Non-blank records after the header, valid or not.</summary>
        public int DataRowCount { get; }
        public bool IsValid => Problems.Count == 0;
    }
}
