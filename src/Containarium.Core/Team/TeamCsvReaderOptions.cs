using System;
using Containarium.Core.Onboarding;

namespace Containarium.Core.Team
{
    public sealed class TeamCsvReaderOptions
    {
        public BoxDefaults Defaults { get; set; } = BoxDefaults.Standard;

        /// <summary>Folder that relative SshPublicKeyFile paths resolve against; <see cref="TeamCsvReader.ReadFile"/> sets the CSV's folder.</summary>
        public string? BaseDirectory { get; set; }

        /// <summary>Reads a key file given its resolved path; default <see cref="KeyFileLoader.Read"/>. Tests and the cmdlet (PSDrive paths) replace it.</summary>
        public Func<string, string>? ReadKeyFile { get; set; }
    }
}
