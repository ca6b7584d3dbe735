using System;
using System.Management.Automation;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that act on one existing snapshot per row (Restore, Remove): the parameters a CtrSnapshot
    /// binds by property name, and the checks that run before anything is asked or changed.
    /// </summary>
    public abstract class SnapshotTargetCmdlet : SnapshotCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ContainerName", "BoxName")]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string Container { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("SnapshotName")]
        public string Name { get; set; } = "";

        /// <summary>The backend holding the box; without it the backend that has a box of that name is found.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string? Backend { get; set; }

        /// <summary>How the row is named in its errors: backend/box/snapshot.</summary>
        internal string Target => (string.IsNullOrEmpty(Backend) ? "" : Backend + "/") + Container + "/" + Name;

        /// <summary>The row's snapshot with its backend and service, or null after writing the row's error.</summary>
        internal (BackendDefinition Backend, SnapshotService Service, SnapshotInfo Snapshot)? ResolveSnapshot()
        {
            if (!CheckSnapshotName(Name, Target)) return null;
            var backend = ResolveBox(Container, Backend, Target);
            if (backend == null) return null;
            var service = new SnapshotService(backend, Engine.Connector);
            try { return (backend, service, Wait(service.RequireSnapshotAsync(Container, Name, CancellationToken))); }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteCtrError(e, Target);
                return null;
            }
        }
    }
}
