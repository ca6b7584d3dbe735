using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Containarium.GceEmulator
{
    /// <summary>Maps an emulated instance to a reachable SSH endpoint (a lab backend on loopback).</summary>
    public sealed class BackendMapping
    {
        /// <summary>Instance name, or "*" for every instance without its own mapping.</summary>
        [JsonPropertyName("instance")] public string Instance { get; set; } = "*";

        /// <summary>Address reported as the instance's natIP and networkIP.</summary>
        [JsonPropertyName("host")] public string Host { get; set; } = "127.0.0.1";

        /// <summary>SSH port of the lab backend behind that address (the emulator only reports it).</summary>
        [JsonPropertyName("sshPort")] public int SshPort { get; set; } = 22;
    }

    public sealed class EmulatorOptions
    {
        /// <summary>Fixed bearer tokens the API accepts (besides tokens the emulator's OAuth endpoint issued).</summary>
        [JsonPropertyName("tokens")] public List<string> AccessTokens { get; set; } = new List<string>();

        /// <summary>When false, compute calls need no bearer token at all.</summary>
        [JsonPropertyName("requireAuth")] public bool RequireAuth { get; set; } = true;

        /// <summary>
        /// Operations and status transitions also advance one step per this interval (milliseconds); 0 = only polls
        /// (zoneOperations.get/wait) advance them, which keeps tests deterministic.
        /// </summary>
        [JsonPropertyName("stepMilliseconds")] public int StepMilliseconds { get; set; }

        /// <summary>Steps one zoneOperations.get or .wait call advances an operation by (0: only time advances them).</summary>
        [JsonPropertyName("stepsPerPoll")] public int StepsPerPoll { get; set; } = 1;

        /// <summary>Instance → lab backend address; instances without a mapping get documentation-range addresses.</summary>
        [JsonPropertyName("backends")] public List<BackendMapping> Backends { get; set; } = new List<BackendMapping>();

        /// <summary>Clock for timestamps (tests may move it).</summary>
        [JsonIgnore] public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        public static EmulatorOptions Load(string path) =>
            JsonSerializer.Deserialize<EmulatorOptions>(File.ReadAllText(path)) ?? new EmulatorOptions();
    }
}
