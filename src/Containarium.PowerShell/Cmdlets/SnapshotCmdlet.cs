using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Validation;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Shared by the snapshot cmdlets that act on one box per row: input checks before any host is touched,
    /// and finding the box's backend (the given -Backend, or the one backend that holds a box of that name).
    /// </summary>
    public abstract class SnapshotCmdlet : CtrCmdlet
    {
        private FleetBoxLookup? _lookup;

        /// <summary>The backend holding <paramref name="box"/>, or null after writing the row's error.</summary>
        internal BackendDefinition? ResolveBox(string box, string? backend, object target)
        {
            var problem = NameRules.CheckInstanceName(box);
            if (problem != null)
            {
                WriteCtrError("CtrInvalidContainerName", ErrorCategory.InvalidArgument, problem, target);
                return null;
            }
            try
            {
                if (!string.IsNullOrEmpty(backend)) return Engine.Inventory.Get(backend!);
                _lookup ??= new FleetBoxLookup(Engine.Inventory.List(), Engine.Connector);
                return Wait(_lookup.FindAsync(box, null, CancellationToken)).Backend;
            }
            catch (ConfigException e) { ThrowCtrError(e, target); return null; }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteCtrError(e, target);
                return null;
            }
        }

        /// <summary>False (after writing the row's error) when the snapshot name breaks the rules.</summary>
        internal bool CheckSnapshotName(string name, object target)
        {
            var problem = SnapshotNames.Check(name);
            if (problem == null) return true;
            WriteCtrError("CtrInvalidSnapshotName", ErrorCategory.InvalidArgument, problem, target);
            return false;
        }

        /// <summary>Runs one engine call for the row; failures become the row's non-terminating error.</summary>
        internal bool TryRun(Task task, object target)
        {
            try
            {
                return Wait(Completed(task));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteCtrError(e, target);
                return false;
            }
        }

        private static async Task<bool> Completed(Task task)
        {
            await task.ConfigureAwait(false);
            return true;
        }

        /// <summary>Progress for one row's engine call (a snapshot on a dir pool copies the whole box).</summary>
        internal void Progress(string activity, string status, bool completed = false)
        {
            var record = new ProgressRecord(0x5a47, activity, status);
            if (completed) record.RecordType = ProgressRecordType.Completed;
            WriteProgress(record);
        }

        internal static string Describe(string snapshot, string box, string backend) =>
            $"snapshot '{snapshot}' of box '{box}' on backend '{backend}'";
    }
}
