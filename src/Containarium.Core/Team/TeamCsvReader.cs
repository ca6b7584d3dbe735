using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Containarium.Core.Onboarding;
using Containarium.Core.Validation;

namespace Containarium.Core.Team
{
    /// <summary>
    /// Reads a team CSV (RFC 4180, UTF-8 with or without BOM, CRLF or LF) into validated box requests.
    /// Every row is checked before anything is returned, and every problem carries the physical line, the column as written
    /// in the file and the reason, so a 500-row file is fixed in one pass. Duplicate user names and box names are problems;
    /// unknown columns and a key shared by two users are warnings. Pure apart from reading SshPublicKeyFile files.
    /// </summary>
    public static class TeamCsvReader
    {
        public static TeamCsvResult ReadText(string text, TeamCsvReaderOptions? options = null)
        {
            using (var reader = new StringReader(text ?? throw new ArgumentNullException(nameof(text))))
                return Read(reader, options);
        }

        /// <summary>Reads a local file as strict UTF-8 (a UTF-16 BOM is honoured); relative key-file paths resolve against its folder.</summary>
        public static TeamCsvResult ReadFile(string path, TeamCsvReaderOptions? options = null)
        {
            var o = options ?? new TeamCsvReaderOptions();
            o.BaseDirectory ??= Path.GetDirectoryName(Path.GetFullPath(path));
            using (var reader = new StreamReader(path, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true))
                return Read(reader, o);
        }

        public static TeamCsvResult Read(TextReader reader, TeamCsvReaderOptions? options = null)
        {
            var o = options ?? new TeamCsvReaderOptions();
            var problems = new List<TeamCsvProblem>();
            var warnings = new List<TeamCsvProblem>();
            var rows = new List<(CsvRecord Record, BoxRequestInput Input, BoxRequest? Request)>();
            TeamCsvHeader? header = null;
            var lastLine = 1;
            try
            {
                foreach (var record in CsvParser.Parse(reader))
                {
                    lastLine = record.LineNumber;
                    if (record.IsBlank) continue;
                    if (header == null)
                    {
                        header = TeamCsvHeader.Read(record, problems, warnings);
                        if (problems.Count > 0) break; // rows cannot be read against a broken header
                        continue;
                    }
                    var before = problems.Count;
                    var input = ReadRow(record, header, o, problems);
                    var misaligned = record.Error != null || problems.Skip(before).Any(p => p.Field == null);
                    var request = misaligned ? null : Validate(record, header, input, o, problems, keyFileFailed: problems.Count > before);
                    rows.Add((record, input, request));
                }
            }
            catch (DecoderFallbackException)
            {
                problems.Add(new TeamCsvProblem(lastLine, null, null, "The file is not valid UTF-8; save it as 'CSV UTF-8'."));
            }

            if (header == null && problems.Count == 0)
                problems.Add(new TeamCsvProblem(1, null, null, "The file is empty: expected a header line such as 'UserName,SshPublicKey'."));
            if (header != null) TeamCsvDuplicates.Check(rows.Select(r => (r.Record, r.Input, r.Request)).ToList(), header, problems, warnings);

            var failedLines = new HashSet<int>(problems.Select(p => p.LineNumber));
            var good = rows.Where(r => r.Request != null && !RowHasProblem(r.Record, failedLines))
                           .Select(r => new TeamCsvRow(r.Record.LineNumber, r.Request!, r.Input)).ToList();
            var ordered = problems.OrderBy(p => p.LineNumber).ToList();
            return new TeamCsvResult(good, ordered, warnings.OrderBy(w => w.LineNumber).ToList(), rows.Count);
        }

        // A multi-line record owns every line its fields start on.
        private static bool RowHasProblem(CsvRecord record, HashSet<int> failedLines) =>
            failedLines.Contains(record.LineNumber) || record.Fields.Any(f => failedLines.Contains(f.LineNumber));

        private static BoxRequestInput ReadRow(CsvRecord record, TeamCsvHeader header, TeamCsvReaderOptions o, List<TeamCsvProblem> problems)
        {
            var input = new BoxRequestInput();
            if (record.Error != null)
            {
                problems.Add(new TeamCsvProblem(record.LineNumber, null, null, "The row is broken: " + record.Error));
                return input;
            }
            var extra = record.Fields.Skip(header.ColumnCount).FirstOrDefault(f => f.Value.Trim(' ', '\t').Length > 0);
            if (extra != null)
                problems.Add(new TeamCsvProblem(extra.LineNumber, null, null,
                    $"The row has {record.Fields.Count} values but the header has {header.ColumnCount} columns (an unquoted comma?)."));

            string? Get(string field)
            {
                var i = header.IndexOf(field);
                return i.HasValue && i.Value < record.Fields.Count ? record.Fields[i.Value].Value : null;
            }
            input.UserName = Get(BoxFields.UserName);
            var keyText = Get(BoxFields.SshPublicKey);
            if (!string.IsNullOrWhiteSpace(keyText)) input.SshPublicKey.Add(keyText!);
            input.Team = Get(BoxFields.Team);
            input.Cpu = Get(BoxFields.Cpu);
            input.Memory = Get(BoxFields.Memory);
            input.Disk = Get(BoxFields.Disk);
            input.Image = Get(BoxFields.Image);
            input.Backend = Get(BoxFields.Backend);
            input.Name = Get(BoxFields.Name);
            input.EnableDocker = Get(BoxFields.EnableDocker);

            var file = Get(BoxFields.SshPublicKeyFile)?.Trim(' ', '\t');
            if (!string.IsNullOrEmpty(file))
            {
                input.SshPublicKeyFile = file;
                try
                {
                    var resolved = KeyFileLoader.Resolve(file!, o.BaseDirectory);
                    input.SshPublicKeyFileContent = (o.ReadKeyFile ?? KeyFileLoader.Read)(resolved);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException ||
                                          e is NotSupportedException || e is DecoderFallbackException)
                {
                    problems.Add(new TeamCsvProblem(FieldLine(record, header, BoxFields.SshPublicKeyFile), header.ColumnName(BoxFields.SshPublicKeyFile),
                        BoxFields.SshPublicKeyFile, $"Cannot read key file {ValueDisplay.Show(file)}: {e.Message}"));
                }
            }
            return input;
        }

        // Fields are checked even when the key file could not be read, minus the "no key" echo of that failure.
        private static BoxRequest? Validate(CsvRecord record, TeamCsvHeader header, BoxRequestInput input, TeamCsvReaderOptions o,
            List<TeamCsvProblem> problems, bool keyFileFailed)
        {
            var result = BoxRequestValidator.Validate(input, o.Defaults);
            foreach (var p in result.Problems.Where(p => !(keyFileFailed && p.Message == BoxRequestValidator.MissingKeyMessage)))
                problems.Add(new TeamCsvProblem(FieldLine(record, header, p.Field), header.IndexOf(p.Field).HasValue ? header.ColumnName(p.Field) : null,
                    p.Field, p.Message));
            return keyFileFailed ? null : result.Request;
        }

        internal static int FieldLine(CsvRecord record, TeamCsvHeader header, string field)
        {
            var i = header.IndexOf(field);
            return i.HasValue && i.Value < record.Fields.Count ? record.Fields[i.Value].LineNumber : record.LineNumber;
        }
    }
}
