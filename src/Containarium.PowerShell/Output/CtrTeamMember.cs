using System;
using System.Globalization;
using System.Linq;
using Containarium.Core.Team;

namespace Containarium
{
    /// <summary>
    /// One validated team CSV row (Import-CtrTeam). Property names bind to New-CtrContainer by property name; fields the
    /// file left empty stay null, so New-CtrContainer applies its own (and the backend's) defaults exactly as for a CSV row.
    /// </summary>
    public sealed class CtrTeamMember
    {
        public int LineNumber { get; set; }
        public string UserName { get; set; } = "";
        /// <summary>Every key of the row (SshPublicKey column and SshPublicKeyFile), one canonical line each.</summary>
        public string[] SshPublicKey { get; set; } = Array.Empty<string>();
        public string[] KeyFingerprint { get; set; } = Array.Empty<string>();
        public string? Team { get; set; }
        public string? Cpu { get; set; }
        public string? Memory { get; set; }
        public string? Disk { get; set; }
        public string? Image { get; set; }
        public string? Backend { get; set; }
        /// <summary>The box name: the Name column, or the documented default derived from the user name.</summary>
        public string Name { get; set; } = "";
        public bool EnableDocker { get; set; }
        /// <summary>The CSV the row came from (full path).</summary>
        public string Path { get; set; } = "";

        public override string ToString() => UserName + " (" + System.IO.Path.GetFileName(Path) + " line " + LineNumber.ToString(CultureInfo.InvariantCulture) + ")";

        internal static CtrTeamMember From(TeamCsvRow row, string path)
        {
            var r = row.Request;
            var given = row.Input;
            return new CtrTeamMember
            {
                LineNumber = row.LineNumber,
                UserName = r.UserName,
                SshPublicKey = r.SshPublicKeys.Select(k => k.Canonical).ToArray(),
                KeyFingerprint = r.SshPublicKeys.Select(k => k.Fingerprint).ToArray(),
                Team = r.Team,
                Cpu = Given(given.Cpu) ? r.Cpu.ToString(CultureInfo.InvariantCulture) : null,
                Memory = Given(given.Memory) ? r.Memory.IncusValue : null,
                Disk = Given(given.Disk) ? r.Disk.IncusValue : null,
                Image = Given(given.Image) ? r.Image : null,
                Backend = r.Backend,
                Name = r.Name,
                EnableDocker = r.EnableDocker,
                Path = path,
            };
        }

        private static bool Given(string? text) => !string.IsNullOrWhiteSpace(text);
    }
}
