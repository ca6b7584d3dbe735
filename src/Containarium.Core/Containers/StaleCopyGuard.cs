using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Incus;
using Containarium.Core.Migration;

namespace Containarium.Core.Containers
{
    /// <summary>
    /// Keeps a stale copy (see <see cref="StaleCopies"/>) from running beside its restored box: stops it if it runs (clean
    /// shutdown, forced after 30 s; its data is kept for the admin to inspect), sets boot.autostart=false so its host never
    /// starts it again, and records superseded-by on it. After a stale copy is removed, re-opens the restored box's access
    /// path, which removing the stale copy's may have touched when both share an entry host.
    /// </summary>
    public sealed class StaleCopyGuard
    {
        private readonly BackendConnector _connector;

        public StaleCopyGuard(BackendConnector connector) => _connector = connector;

        /// <summary>What it did, for a warning; null when the copy was already secured or cannot be reached (its member is down).</summary>
        public async Task<string?> SecureAsync(BoxInfo stale, BackendDefinition backend, CancellationToken ct)
        {
            if (stale.State == BoxInfo.Unavailable || stale.SupersededBy == null) return null;
            var incus = _connector.Incus(backend);
            var record = await InstanceRecord.ReadAsync(incus, stale.Name, ct).ConfigureAwait(false);
            if (record == null) return null;
            var marked = record.Config.TryGetValue(BoxKeys.SupersededBy, out var by) && by == stale.SupersededBy &&
                         record.Config.TryGetValue("boot.autostart", out var auto) && auto == "false";
            var done = new List<string>();
            // Not only "Running": right after its member returns, the cluster may still report the copy as "Error" while it
            // runs on that member. Anything but "Stopped" gets a stop request; Incus says so when it was not running.
            if (!string.Equals(record.Status, "Stopped", StringComparison.OrdinalIgnoreCase))
            {
                var service = new BoxService(backend, _connector);
                try { await service.SetStateAsync(stale.Name, "stop", false, ct).ConfigureAwait(false); done.Add("stopped it"); }
                catch (IncusException e) when (IsNotRunning(e)) { }
                catch (IncusException)
                {
                    await service.SetStateAsync(stale.Name, "stop", true, ct).ConfigureAwait(false);
                    done.Add("stopped it (forced after 30 s)");
                }
                stale.IncusState = "Stopped";
            }
            if (!marked)
            {
                var config = new Dictionary<string, string> { ["boot.autostart"] = "false", [BoxKeys.SupersededBy] = stale.SupersededBy };
                await incus.SendAsync("PATCH", InstanceRecord.Path(stale.Name), new Dictionary<string, object> { ["config"] = config }, ct).ConfigureAwait(false);
                done.Add("set boot.autostart=false on it");
            }
            if (done.Count == 0) return null;
            return $"Box '{stale.Name}' on {stale.Location} is a stale copy: {stale.SupersededBy} was restored from a backup in its place. " +
                   $"Containarium {string.Join(" and ", done)} so it never runs beside the restored box; its data is kept. " +
                   $"Check it, then remove it with Remove-CtrContainer -Backend {stale.Backend} -Name {stale.Name}.";
        }

        private static bool IsNotRunning(IncusException e) =>
            e.Message.IndexOf("already stopped", StringComparison.OrdinalIgnoreCase) >= 0 ||
            e.Message.IndexOf("not running", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>Re-grants the owner's tunnel to the restored box (idempotent), with the keys recorded in that box.</summary>
        public async Task RestoreAccessAsync(BoxInfo restored, BackendDefinition backend, CancellationToken ct)
        {
            if (!restored.SshPort.HasValue) return;
            var incus = _connector.Incus(backend);
            var keys = await OwnerKeys.ReadAsync(incus.Transport, restored.Name, restored.UserName, restored.KeyFingerprints.ToList(), ct).ConfigureAwait(false);
            await new EntryAccess(backend, _connector).GrantAsync(restored.UserName, restored.Name, restored.SshPort.Value, keys, ct).ConfigureAwait(false);
        }
    }
}
