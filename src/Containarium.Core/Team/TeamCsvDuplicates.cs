using System;
using System.Collections.Generic;
using Containarium.Core.Onboarding;
using Containarium.Core.Validation;

namespace Containarium.Core.Team
{
    /// <summary>
    /// Cross-row checks: a user or box name twice is a problem (the second creation would fail or hit the first box);
    /// one key for two users is a warning (legal, but one person could enter another's box).
    /// Rows with other problems still take part, so every collision shows in the first pass.
    /// </summary>
    internal static class TeamCsvDuplicates
    {
        public static void Check(IReadOnlyList<(CsvRecord Record, BoxRequestInput Input, BoxRequest? Request)> rows, TeamCsvHeader header,
            List<TeamCsvProblem> problems, List<TeamCsvProblem> warnings)
        {
            var users = new Dictionary<string, int>(StringComparer.Ordinal);
            var boxes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase); // Incus names are hostnames
            var keys = new Dictionary<string, (string User, int Line)>(StringComparer.Ordinal);
            foreach (var (record, input, request) in rows)
            {
                var user = input.UserName?.Trim(' ', '\t');
                if (!NameRules.IsLinuxUserName(user)) continue;
                var userLine = TeamCsvReader.FieldLine(record, header, BoxFields.UserName);
                var userIsDuplicate = users.TryGetValue(user!, out var firstUserLine);
                if (userIsDuplicate)
                    problems.Add(new TeamCsvProblem(userLine, header.ColumnName(BoxFields.UserName), BoxFields.UserName,
                        $"User {ValueDisplay.Show(user)} already appears on line {firstUserLine}."));
                else users.Add(user!, userLine);

                var explicitName = input.Name?.Trim(' ', '\t');
                var box = string.IsNullOrEmpty(explicitName) ? BoxNaming.DefaultBoxName(user!) : explicitName!;
                if (NameRules.IsInstanceName(box))
                {
                    if (boxes.TryGetValue(box, out var firstBoxLine))
                    {
                        // A repeated user already explains a repeated derived name; report the box only when it adds news.
                        if (!userIsDuplicate || !string.IsNullOrEmpty(explicitName))
                            problems.Add(new TeamCsvProblem(TeamCsvReader.FieldLine(record, header, BoxFields.Name),
                                header.IndexOf(BoxFields.Name).HasValue ? header.ColumnName(BoxFields.Name) : null, BoxFields.Name,
                                $"Box name {ValueDisplay.Show(box)} is already used on line {firstBoxLine}" +
                                (string.IsNullOrEmpty(explicitName) ? " (derived from the user name: '_' becomes '-'); set a Name for one of them." : ".")));
                    }
                    else boxes.Add(box, record.LineNumber);
                }

                if (request == null || userIsDuplicate) continue;
                foreach (var key in request.SshPublicKeys)
                {
                    if (keys.TryGetValue(key.Fingerprint, out var owner) && owner.User != user)
                        warnings.Add(new TeamCsvProblem(record.LineNumber, null, BoxFields.SshPublicKey,
                            $"Key {key.Fingerprint} of user {ValueDisplay.Show(user)} is also given for user {ValueDisplay.Show(owner.User)} on line {owner.Line}; either can enter both boxes."));
                    else if (!keys.ContainsKey(key.Fingerprint)) keys.Add(key.Fingerprint, (user!, record.LineNumber));
                }
            }
        }
    }
}
