using System;
using System.Collections.Generic;
using System.Linq;
using Containarium.Core.Validation;

namespace Containarium.Core.Onboarding
{
    /// <summary>
    /// One validated dev-box request (a CSV row or one New-CtrContainer call). Build it with <see cref="BoxRequestValidator"/>;
    /// the constructor re-checks every rule so that no unvalidated request can exist.
    /// </summary>
    public sealed class BoxRequest
    {
        public BoxRequest(string userName, IEnumerable<SshPublicKey> sshPublicKeys, string? team, int cpu, ByteSize memory,
            ByteSize disk, string image, string? backend, string name, bool enableDocker)
        {
            NameRules.EnsureAccountName(userName);
            var keys = (sshPublicKeys ?? throw new ArgumentNullException(nameof(sshPublicKeys))).Distinct().ToList();
            if (keys.Count == 0) throw new ArgumentException("A box request needs at least one SSH public key.", nameof(sshPublicKeys));
            if (team != null) NameRules.EnsureTeamName(team);
            BoxLimits.Ensure(cpu, memory, disk);
            NameRules.EnsureImageReference(image);
            if (backend != null) NameRules.EnsureBackendName(backend);
            NameRules.EnsureInstanceName(name);

            UserName = userName;
            SshPublicKeys = keys;
            Team = team;
            Cpu = cpu;
            Memory = memory;
            Disk = disk;
            Image = image;
            Backend = backend;
            Name = name;
            EnableDocker = enableDocker;
        }

        public string UserName { get; }
        /// <summary>Distinct keys (by key material), in the order given.</summary>
        public IReadOnlyList<SshPublicKey> SshPublicKeys { get; }
        public string? Team { get; }
        public int Cpu { get; }
        public ByteSize Memory { get; }
        public ByteSize Disk { get; }
        public string Image { get; }
        /// <summary>Explicit backend, or null to let placement choose.</summary>
        public string? Backend { get; }
        /// <summary>Incus instance name of the box.</summary>
        public string Name { get; }
        public bool EnableDocker { get; }

        public override string ToString() => $"{Name} ({UserName}, {Cpu} CPU, {Memory.IncusValue}, {Disk.IncusValue})";
    }
}
