using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Transport;
using Containarium.Core.Validation;

namespace Containarium.Core.Migration
{
    /// <summary>
    /// The owner's authorised keys, read from the box's files (works on a stopped box: `incus file pull`). Only keys whose
    /// fingerprint the admin recorded (user.containarium.key-fingerprints) are returned: the box's contents belong to its
    /// user, the entry host's access does not.
    /// </summary>
    internal static class OwnerKeys
    {
        public static async Task<IReadOnlyList<string>> ReadAsync(ICommandTransport host, string box, string user, IReadOnlyCollection<string> fingerprints, CancellationToken ct)
        {
            var passwd = await PullAsync(host, box, "/etc/passwd", ct).ConfigureAwait(false);
            var home = passwd.Split('\n').Select(l => l.Split(':')).FirstOrDefault(f => f.Length >= 7 && f[0] == user)?[5]
                       ?? throw new MigrationException(MigrationFailure.TransferFailed, $"Box '{box}' has no account '{user}'.");
            var text = await PullAsync(host, box, home.TrimEnd('/') + "/.ssh/authorized_keys", ct).ConfigureAwait(false);
            var keys = new List<string>();
            foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal)))
                if (SshPublicKey.TryParse(line, out var key, out _) && (fingerprints.Count == 0 || fingerprints.Contains(key!.Fingerprint)))
                    keys.Add(key!.Canonical);
            if (keys.Count == 0)
                throw new MigrationException(MigrationFailure.TransferFailed, $"Box '{box}' holds none of the recorded keys of '{user}'; its access path cannot be re-created.");
            return keys;
        }

        private static async Task<string> PullAsync(ICommandTransport host, string box, string path, CancellationToken ct)
        {
            var result = await host.RunAsync(RemoteCommand.FromArguments("incus", "file", "pull", box + path, "-"), ct).ConfigureAwait(false);
            if (!result.Succeeded)
                throw new MigrationException(MigrationFailure.TransferFailed, $"Reading {path} from box '{box}' failed: {result.StandardError.Trim()}");
            return result.StandardOutput;
        }
    }
}
