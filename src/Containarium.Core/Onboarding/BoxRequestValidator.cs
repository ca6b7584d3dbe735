using System;
using System.Collections.Generic;
using System.Globalization;
using Containarium.Core.Validation;

namespace Containarium.Core.Onboarding
{
    /// <summary>
    /// Checks every field of a <see cref="BoxRequestInput"/> and reports all problems at once (not only the first),
    /// so an admin fixes a CSV in one pass. Text fields are trimmed of ASCII spaces/tabs; empty means default.
    /// </summary>
    public static class BoxRequestValidator
    {
        public const string MissingKeyMessage = "No SSH public key was given; every box needs at least one (SshPublicKey or SshPublicKeyFile).";

        public static BoxRequestValidation Validate(BoxRequestInput input, BoxDefaults? defaults = null)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            var d = defaults ?? BoxDefaults.Standard;
            var problems = new List<FieldProblem>();
            void Check(string field, string? problem)
            {
                if (problem != null) problems.Add(new FieldProblem(field, problem));
            }

            var user = Clean(input.UserName);
            Check(BoxFields.UserName, user == null ? "The user name is missing." : NameRules.CheckAccountName(user));

            var keys = ReadKeys(input, problems);

            var team = Clean(input.Team);
            if (team != null) Check(BoxFields.Team, NameRules.CheckTeamName(team));

            var cpu = d.Cpu;
            var cpuText = Clean(input.Cpu);
            if (cpuText != null && !SizeParser.TryParseCpu(cpuText, out cpu, out var cpuError)) Check(BoxFields.Cpu, cpuError);

            var memory = d.Memory;
            var memoryText = Clean(input.Memory);
            if (memoryText != null && !SizeParser.TryParseMemory(memoryText, out memory, out var memoryError)) Check(BoxFields.Memory, memoryError);

            var disk = d.Disk;
            var diskText = Clean(input.Disk);
            if (diskText != null && !SizeParser.TryParseDisk(diskText, out disk, out var diskError)) Check(BoxFields.Disk, diskError);

            var image = Clean(input.Image) ?? d.Image;
            Check(BoxFields.Image, NameRules.CheckImageReference(image));

            var backend = Clean(input.Backend);
            if (backend != null) Check(BoxFields.Backend, NameRules.CheckBackendName(backend));

            var name = Clean(input.Name);
            if (name != null) Check(BoxFields.Name, NameRules.CheckInstanceName(name));
            else if (user != null && NameRules.IsLinuxUserName(user)) name = BoxNaming.DefaultBoxName(user);

            var docker = BoxDefaults.DefaultEnableDocker;
            var dockerText = Clean(input.EnableDocker);
            if (dockerText != null && !FlagParser.TryParse(dockerText, out docker, out var dockerError, BoxFields.EnableDocker))
                Check(BoxFields.EnableDocker, dockerError);

            if (problems.Count > 0) return new BoxRequestValidation(null, problems);
            var request = new BoxRequest(user!, keys, team, cpu, memory, disk, image, backend, name!, docker);
            return new BoxRequestValidation(request, problems);
        }

        private static List<SshPublicKey> ReadKeys(BoxRequestInput input, List<FieldProblem> problems)
        {
            var keys = new List<SshPublicKey>();
            var before = problems.Count;
            foreach (var text in input.SshPublicKey ?? Array.Empty<string>())
                AddKeys(text, BoxFields.SshPublicKey, null, keys, problems);
            if (input.SshPublicKeyFileContent != null)
                AddKeys(input.SshPublicKeyFileContent, BoxFields.SshPublicKeyFile, input.SshPublicKeyFile, keys, problems);
            if (keys.Count == 0 && problems.Count == before)
            {
                problems.Add(input.SshPublicKeyFileContent != null
                    ? new FieldProblem(BoxFields.SshPublicKeyFile, $"The key file {ValueDisplay.Show(input.SshPublicKeyFile)} contains no key.")
                    : new FieldProblem(BoxFields.SshPublicKey, MissingKeyMessage));
            }
            return keys;
        }

        private static void AddKeys(string? text, string field, string? file, List<SshPublicKey> keys, List<FieldProblem> problems)
        {
            var lines = SshPublicKeyList.Parse(text);
            var many = lines.Count > 1 || file != null;
            foreach (var line in lines)
            {
                if (line.Key != null) keys.Add(line.Key);
                else
                {
                    var where = file != null ? $"{ValueDisplay.Show(file)} line {line.LineNumber.ToString(CultureInfo.InvariantCulture)}: "
                              : many ? $"key line {line.LineNumber.ToString(CultureInfo.InvariantCulture)}: " : "";
                    problems.Add(new FieldProblem(field, where + line.Error));
                }
            }
        }

        private static string? Clean(string? s)
        {
            var t = s?.Trim(' ', '\t');
            return string.IsNullOrEmpty(t) ? null : t;
        }
    }
}
