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
            // A stale copy is seen when its member has just come back, which is when that member refuses requests until it has
            // restarted its boxes ("Server isn't ready yet"). Securing the copy matters most right then: wait for the member.
            var deadline = DateTime.UtcNow + NotReadyPatience;
            while (true)
            {
                try { return await SecureOnceAsync(stale, backend, ct).ConfigureAwait(false); }
                catch (IncusException e) when (e.ServerNotReady && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(1000, ct).ConfigureAwait(false);
                }
            }
        }

        private static readonly TimeSpan NotReadyPatience = TimeSpan.FromSeconds(60);

        private async Task<string?> SecureOnceAsync(BoxInfo stale, BackendDefinition backend, CancellationToken ct)
        {
            if (stale.State == BoxInfo.Unavailable || stale.SupersededBy == null) return null;
            var incus = _connector.Incus(backend);
            var record = await InstanceRecord.ReadAsync(incus, stale.Name, ct).ConfigureAwait(false);
            if (record == null) return null;
            var marked = record.Config.TryGetValue(BoxKeys.SupersededBy, out var by) && by == stale.SupersededBy &&
                         record.Config.TryGetValue("boot.autostart", out var auto) && auto == "false";
            var done = new List<string>();
            // Autostart off first: a host that has just come back may still be starting its boxes, and must skip this one.
            if (!marked)
            {
                var config = new Dictionary<string, string> { ["boot.autostart"] = "false", [BoxKeys.SupersededBy] = stale.SupersededBy };
                await incus.SendAsync("PATCH", InstanceRecord.Path(stale.Name), new Dictionary<string, object> { ["config"] = config }, ct).ConfigureAwait(false);
                done.Add("set boot.autostart=false on it");
            }
            var stopped = await StopUnlessStoppedAsync(stale, backend, record.Status, ct).ConfigureAwait(false);
            if (stopped != null) done.Add(stopped);
            if (!marked || stopped != null)
            {
                // The first time: a host that has just come back may have read the old autostart value before the PATCH and
                // start the copy a moment later. Watch it a few seconds and stop it again if so.
                for (var i = 0; i < SettleChecks; i++)
                {
                    await Task.Delay(1000, ct).ConfigureAwait(false);
                    var now = await InstanceRecord.ReadAsync(incus, stale.Name, ct).ConfigureAwait(false);
                    if (now == null) break;
                    if (await StopUnlessStoppedAsync(stale, backend, now.Status, ct).ConfigureAwait(false) != null)
                    {
                        done.Add("stopped it again when its host started it");
                        break;
                    }
                }
            }
            if (done.Count == 0) return null;
            return $"Box '{stale.Name}' on {stale.Location} is a stale copy: {stale.SupersededBy} was restored from a backup in its place. " +
                   $"Containarium {string.Join(" and ", done)} so it never runs beside the restored box; its data is kept. " +
                   $"Check it, then remove it with Remove-CtrContainer -Backend {stale.Backend} -Name {stale.Name}.";
        }

        private const int SettleChecks = 5;

        /// <summary>
        /// Stops the copy unless it reports Stopped, and says how (null: it was not running). Not only "Running": right after
        /// its member returns, the cluster may still report the copy as "Error" while it runs there; Incus says when it was not.
        /// </summary>
        private async Task<string?> StopUnlessStoppedAsync(BoxInfo stale, BackendDefinition backend, string status, CancellationToken ct)
        {
            if (string.Equals(status, "Stopped", StringComparison.OrdinalIgnoreCase)) return null;
            var service = new BoxService(backend, _connector);
            string how;
            try
            {
                await service.SetStateAsync(stale.Name, "stop", false, ct).ConfigureAwait(false);
                how = "stopped it";
            }
            catch (IncusException e) when (IsNotRunning(e)) { return null; }
            catch (IncusException)
            {
                await service.SetStateAsync(stale.Name, "stop", true, ct).ConfigureAwait(false);
                how = "stopped it (forced after 30 s)";
            }
            stale.IncusState = "Stopped";
            return how;
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
