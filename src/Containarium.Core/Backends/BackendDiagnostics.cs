using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Config;
using Containarium.Core.Incus;
using Containarium.Core.Transport;

namespace Containarium.Core.Backends
{
    /// <summary>
    /// Test-CtrBackend's checks, in dependency order: reach, host key, authentication, Incus API, storage pool,
    /// default profile, image, free disk, sudo. A failed check marks the ones that depend on it Skip.
    /// </summary>
    public sealed class BackendDiagnostics
    {
        public const long MinimumFreeDisk = 2L * 1024 * 1024 * 1024;
        private readonly BackendConnector _connector;
        private readonly string _defaultImage;

        public BackendDiagnostics(BackendConnector connector, string defaultImage)
        {
            _connector = connector;
            _defaultImage = defaultImage;
        }

        public static readonly string[] CheckNames =
            { "Reach", "HostKey", "Authentication", "IncusApi", "StoragePool", "DefaultProfile", "Image", "FreeDisk", "Sudo" };

        public async Task<IReadOnlyList<BackendCheck>> RunAsync(BackendDefinition backend, CancellationToken ct)
        {
            var rows = new List<BackendCheck>();
            void Add(string check, CheckResult r, string detail) => rows.Add(new BackendCheck(backend.Name, check, r, detail));
            IReadOnlyList<BackendCheck> SkipRest(string reason)
            {
                foreach (var name in CheckNames.Skip(rows.Count)) Add(name, CheckResult.Skip, reason);
                return rows;
            }

            ICommandTransport transport;
            try
            {
                transport = _connector.Open(backend);
                await transport.ConnectAsync(ct).ConfigureAwait(false);
            }
            catch (HostKeyMismatchException e)
            {
                Add("Reach", CheckResult.Pass, "connected to " + e.Hop);
                Add("HostKey", CheckResult.Fail, e.Message);
                return SkipRest("host key not trusted");
            }
            catch (TransportException e) when (e.Failure == TransportFailure.AuthenticationFailed)
            {
                Add("Reach", CheckResult.Pass, "connected to " + e.Hop);
                Add("HostKey", CheckResult.Pass, "verified");
                Add("Authentication", CheckResult.Fail, e.Message);
                return SkipRest("not authenticated");
            }
            catch (TransportException e)
            {
                Add("Reach", CheckResult.Fail, e.Message);
                return SkipRest("host not reached");
            }
            catch (ArgumentException e)
            {
                Add("Reach", CheckResult.Fail, e.Message);
                return SkipRest("invalid registration");
            }

            var keys = transport is SshTransport ssh ? ssh.HostKeys : Array.Empty<HostKeyResult>();
            Add("Reach", CheckResult.Pass, transport.Description);
            Add("HostKey", CheckResult.Pass, keys.Count == 0 ? "local transport" : string.Join("; ", keys.Select(k => $"{k.Hop} {k.Fingerprint} ({k.Status})")));
            Add("Authentication", CheckResult.Pass, backend.Transport == TransportKind.Local ? "local" : "public key accepted for " + backend.UserName);

            var incus = new IncusClient(transport);
            HostInfo info;
            try
            {
                info = await HostInfo.ReadAsync(incus, ct).ConfigureAwait(false);
                Add("IncusApi", CheckResult.Pass, "Incus " + info.ServerVersion + (info.Clustered ? " (clustered)" : ""));
            }
            catch (Exception e) when (e is IncusException || e is TransportException)
            {
                Add("IncusApi", CheckResult.Fail, e.Message);
                return SkipRest("Incus not answering");
            }

            if (string.IsNullOrEmpty(info.StoragePool))
                Add("StoragePool", CheckResult.Fail, "the default profile names no storage pool for its root disk");
            else
                Add("StoragePool", CheckResult.Pass, $"{info.StoragePool} ({info.StorageDriver})" + (info.StorageDriver == "dir" ? ": dir copies every rootfs; btrfs or zfs give copy-on-write boxes" : ""));
            Add("DefaultProfile", info.ProfileHasRootDisk ? CheckResult.Pass : CheckResult.Fail,
                info.ProfileHasRootDisk ? "root disk on " + info.StoragePool : "the default profile has no root disk device");

            var image = string.IsNullOrEmpty(backend.DefaultImage) ? _defaultImage : backend.DefaultImage!;
            try
            {
                await incus.GetAsync("/1.0/images/aliases/" + Uri.EscapeDataString(image), ct).ConfigureAwait(false);
                Add("Image", CheckResult.Pass, "alias " + image + " present");
            }
            catch (IncusException e)
            {
                Add("Image", CheckResult.Fail, e.IsNotFound ? $"image alias '{image}' not found on the host" : e.Message);
            }

            var free = info.DiskTotal - info.DiskUsed;
            Add("FreeDisk", info.DiskTotal == 0 ? CheckResult.Warn : free >= MinimumFreeDisk ? CheckResult.Pass : CheckResult.Warn,
                info.DiskTotal == 0 ? "pool size unknown" : $"{Bytes.ToGiB(free)} GiB free of {Bytes.ToGiB(info.DiskTotal)} GiB");

            CommandResult sudo;
            try { sudo = await transport.RunAsync(new RemoteCommand("sudo -n true </dev/null"), ct).ConfigureAwait(false); }
            catch (TransportException e)
            {
                Add("Sudo", CheckResult.Fail, e.Message);
                return rows;
            }
            Add("Sudo", sudo.Succeeded ? CheckResult.Pass : CheckResult.Warn,
                sudo.Succeeded ? "passwordless sudo available (needed for users' jump accounts)" : "no passwordless sudo: users' jump accounts cannot be managed");
            return rows;
        }
    }

    internal static class Bytes
    {
        public static string ToGiB(long bytes) => (bytes / 1073741824.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
    }
}
