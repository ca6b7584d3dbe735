using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Containarium.Core.Validation;

namespace Containarium.Core.Containers
{
    /// <summary>
    /// A validated change to an existing box (Set-CtrContainer): limits, team and key edits. Null means "leave as is";
    /// an empty <see cref="Team"/> clears the team. Build it with <see cref="BoxChangeValidator"/>.
    /// </summary>
    public sealed class BoxChange
    {
        internal BoxChange(int? cpu, ByteSize? memory, ByteSize? disk, string? team, IReadOnlyList<SshPublicKey> addKeys, IReadOnlyList<string> removeFingerprints)
        {
            Cpu = cpu;
            Memory = memory;
            Disk = disk;
            Team = team;
            AddKeys = addKeys;
            RemoveFingerprints = removeFingerprints;
        }

        public int? Cpu { get; }
        public ByteSize? Memory { get; }
        public ByteSize? Disk { get; }
        public string? Team { get; }
        public IReadOnlyList<SshPublicKey> AddKeys { get; }
        /// <summary>SHA256 fingerprints of the keys to remove (keys given in full are reduced to theirs).</summary>
        public IReadOnlyList<string> RemoveFingerprints { get; }

        public bool EditsKeys => AddKeys.Count > 0 || RemoveFingerprints.Count > 0;

        /// <summary>Incus config keys to PATCH (limits and team); empty values unset a key.</summary>
        public IDictionary<string, string> ConfigPatch()
        {
            var patch = new Dictionary<string, string>();
            if (Cpu.HasValue) patch["limits.cpu"] = Cpu.Value.ToString(CultureInfo.InvariantCulture);
            if (Memory.HasValue) patch["limits.memory"] = Memory.Value.IncusValue;
            if (Team != null) patch[BoxKeys.Team] = Team;
            return patch;
        }

        /// <summary>
        /// Checks the key edits against the fingerprints the box records, so that an impossible edit is refused before
        /// anything is sent. Null when fine.
        /// </summary>
        public BoxKeyEditException? CheckKeys(BoxInfo box) =>
            box.KeyFingerprints.Count == 0 ? null : BoxKeyEdit.Check(box.Name, box.KeyFingerprints, this);

        /// <summary>One line per change, "old -> new", for -WhatIf and -Confirm.</summary>
        public string Describe(BoxInfo box)
        {
            var parts = new List<string>();
            if (Cpu.HasValue) parts.Add($"cpu {box.Cpu ?? "(none)"} -> {Cpu.Value.ToString(CultureInfo.InvariantCulture)}");
            if (Memory.HasValue) parts.Add($"memory {box.Memory ?? "(none)"} -> {Memory.Value.IncusValue}");
            if (Disk.HasValue) parts.Add($"disk {box.Disk ?? "(none)"} -> {Disk.Value.IncusValue}");
            if (Team != null) parts.Add($"team {box.Team ?? "(none)"} -> {(Team.Length == 0 ? "(none)" : Team)}");
            parts.AddRange(AddKeys.Select(k => $"add key {k.Fingerprint} ({k.Type}{(k.Comment == null ? "" : " " + k.Comment)})"));
            parts.AddRange(RemoveFingerprints.Select(f => "remove key " + f));
            return string.Join(", ", parts);
        }
    }
}
