using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Containarium.Core.Onboarding;
using Containarium.Core.Validation;

namespace Containarium.Core.Containers
{
    /// <summary>What Set-CtrContainer was given, unchecked. Null means "not given"; an empty Team clears it.</summary>
    public sealed class BoxChangeInput
    {
        public string? Cpu { get; set; }
        public string? Memory { get; set; }
        public string? Disk { get; set; }
        public string? Team { get; set; }
        public IList<string> AddSshPublicKey { get; set; } = new List<string>();
        /// <summary>Whole public keys or their "SHA256:…" fingerprints.</summary>
        public IList<string> RemoveSshPublicKey { get; set; } = new List<string>();
    }

    /// <summary>Checks a change with the same grammar and bounds as New-CtrContainer and reports every problem at once.</summary>
    public static class BoxChangeValidator
    {
        private static readonly Regex Fingerprint = new Regex("^SHA256:[A-Za-z0-9+/]{43}\\z", RegexOptions.CultureInvariant);

        public static (BoxChange? Change, IReadOnlyList<FieldProblem> Problems) Validate(BoxChangeInput input)
        {
            var problems = new List<FieldProblem>();
            void Check(string field, string? problem)
            {
                if (problem != null) problems.Add(new FieldProblem(field, problem));
            }

            int? cpu = null;
            if (input.Cpu != null)
            {
                Check(BoxFields.Cpu, SizeParser.TryParseCpu(input.Cpu.Trim(), out var c, out var e) ? null : e);
                cpu = c;
            }
            ByteSize? memory = null;
            if (input.Memory != null)
            {
                Check(BoxFields.Memory, SizeParser.TryParseMemory(input.Memory.Trim(), out var m, out var e) ? null : e);
                memory = m;
            }
            ByteSize? disk = null;
            if (input.Disk != null)
            {
                Check(BoxFields.Disk, SizeParser.TryParseDisk(input.Disk.Trim(), out var d, out var e) ? null : e);
                disk = d;
            }
            var team = input.Team?.Trim(' ', '\t');
            if (!string.IsNullOrEmpty(team)) Check(BoxFields.Team, NameRules.CheckTeamName(team));

            var add = new List<SshPublicKey>();
            foreach (var line in input.AddSshPublicKey.SelectMany(t => SshPublicKeyList.Parse(t)))
            {
                if (line.Key != null) { if (!add.Contains(line.Key)) add.Add(line.Key); }
                else Check("AddSshPublicKey", line.Error);
            }
            var remove = new List<string>();
            foreach (var text in input.RemoveSshPublicKey.Select(t => (t ?? "").Trim()))
            {
                string? fingerprint = null;
                if (text.StartsWith("SHA256:", StringComparison.Ordinal))
                {
                    if (Fingerprint.IsMatch(text)) fingerprint = text;
                    else Check("RemoveSshPublicKey", $"{ValueDisplay.Show(text)} is not a key fingerprint (SHA256: followed by 43 base64 characters, as ssh-keygen -l prints).");
                }
                else if (SshPublicKey.TryParse(text, out var key, out var error)) fingerprint = key!.Fingerprint;
                else Check("RemoveSshPublicKey", error);
                if (fingerprint != null && !remove.Contains(fingerprint)) remove.Add(fingerprint);
            }
            foreach (var both in add.Where(k => remove.Contains(k.Fingerprint)))
                Check("RemoveSshPublicKey", $"Key {both.Fingerprint} is both added and removed.");

            var change = new BoxChange(cpu, memory, disk, team, add, remove);
            if (problems.Count == 0 && change.ConfigPatch().Count == 0 && disk == null && !change.EditsKeys)
                problems.Add(new FieldProblem("Change", "Nothing to change: give -Cpu, -Memory, -Disk, -Team, -AddSshPublicKey or -RemoveSshPublicKey."));
            return problems.Count == 0 ? (change, problems) : (null, problems);
        }
    }
}
