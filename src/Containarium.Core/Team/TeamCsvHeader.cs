using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Onboarding;
using Containarium.Core.Validation;

namespace Containarium.Core.Team
{
    /// <summary>Maps a header record to fields: which column index feeds which field, plus header problems and warnings.</summary>
    internal sealed class TeamCsvHeader
    {
        private readonly Dictionary<string, int> _indexByField = new Dictionary<string, int>();

        private TeamCsvHeader(CsvRecord record) => Record = record;

        public CsvRecord Record { get; }
        public int ColumnCount => Record.Fields.Count;

        /// <summary>The header text as the admin wrote it, for messages.</summary>
        public string ColumnName(string field) =>
            _indexByField.TryGetValue(field, out var i) ? Record.Fields[i].Value.Trim(' ', '\t') : field;

        public int? IndexOf(string field) => _indexByField.TryGetValue(field, out var i) ? i : (int?)null;

        public static TeamCsvHeader Read(CsvRecord record, List<TeamCsvProblem> problems, List<TeamCsvProblem> warnings)
        {
            var header = new TeamCsvHeader(record);
            var line = record.LineNumber;
            if (record.Error != null)
            {
                problems.Add(new TeamCsvProblem(line, null, null, "The header is broken: " + record.Error));
                return header;
            }
            for (var i = 0; i < record.Fields.Count; i++)
            {
                var name = record.Fields[i].Value.Trim(' ', '\t');
                var field = TeamCsvColumns.FieldFor(name);
                if (name.Length == 0)
                    warnings.Add(new TeamCsvProblem(line, null, null, $"Column {i + 1} has no header; its values are ignored."));
                else if (field == null)
                    warnings.Add(new TeamCsvProblem(line, name, null, $"Unknown column {ValueDisplay.Show(name)} is ignored."));
                else if (header._indexByField.ContainsKey(field))
                    problems.Add(new TeamCsvProblem(line, name, field,
                        $"Columns {ValueDisplay.Show(header.ColumnName(field))} and {ValueDisplay.Show(name)} both give {field}; keep one."));
                else header._indexByField.Add(field, i);
            }

            if (record.Fields.Count == 1 && record.Fields[0].Value.IndexOf(';') >= 0)
                problems.Add(new TeamCsvProblem(line, null, null, "The header uses ';' between columns; save the file with ',' as the separator."));
            else
            {
                if (!header._indexByField.ContainsKey(BoxFields.UserName))
                    problems.Add(new TeamCsvProblem(line, null, BoxFields.UserName,
                        "There is no UserName column (also accepted: " + string.Join(", ", TeamCsvColumns.Aliases[BoxFields.UserName]) + ")."));
                if (!header._indexByField.ContainsKey(BoxFields.SshPublicKey) && !header._indexByField.ContainsKey(BoxFields.SshPublicKeyFile))
                    problems.Add(new TeamCsvProblem(line, null, BoxFields.SshPublicKey,
                        "There is no SshPublicKey or SshPublicKeyFile column (also accepted: " +
                        string.Join(", ", TeamCsvColumns.Aliases[BoxFields.SshPublicKey].Concat(new[] { BoxFields.SshPublicKeyFile })) + ")."));
            }
            return header;
        }
    }
}
