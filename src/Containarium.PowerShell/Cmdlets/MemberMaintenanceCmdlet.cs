using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Backends;
using Containarium.Core.Cluster;
using Containarium.Core.Config;
using Containarium.Core.Incus;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Shared by Suspend- and Resume-CtrBackendMember: resolve backend and member, show the plan through ShouldProcess, run
    /// Incus's evacuate/restore with a progress bar, then report where every box ended up.
    /// </summary>
    public abstract class MemberMaintenanceCmdlet : CtrCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string Backend { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Member")]
        [ArgumentCompleter(typeof(MemberNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>"Evacuate" or "Restore".</summary>
        private protected abstract string Action { get; }

        /// <summary>Checks the member and says what will move; null (after a warning) when there is nothing to do.</summary>
        private protected abstract IReadOnlyList<(string Box, string From, string To)>? Plan(ClusterService cluster, string target);

        private protected abstract Task RunAsync(ClusterService cluster, string member, Action<int, int> progress, CancellationToken ct);

        protected override void ProcessRecord()
        {
            var target = $"{Backend}/{Name}";
            BackendDefinition backend;
            try { backend = Engine.Inventory.Get(Backend); }
            catch (Exception e) when (e is BackendNotFoundException || e is ConfigException) { WriteCtrError(e, Backend); return; }
            var cluster = new ClusterService(backend, Engine.Connector);
            IReadOnlyList<(string Box, string From, string To)>? plan;
            try { plan = Plan(cluster, target); }
            catch (Exception e) when (!(e is PipelineStoppedException)) { WriteMemberError(e, target); return; }
            if (plan == null) return;

            var description = $"member '{Name}' of cluster backend '{backend.Name}': " + (plan.Count == 0 ? "no instance to move"
                : $"{plan.Count} instance(s) stop, move and start again: " + string.Join(", ", plan.Select(p => $"{p.Box} {p.From} -> {p.To}")));
            if (!ShouldProcess(description, Action)) return;

            var clock = Stopwatch.StartNew();
            int left = plan.Count, total = plan.Count;
            var work = Task.Run(() => RunAsync(cluster, Name, (l, t) => { Volatile.Write(ref left, l); Volatile.Write(ref total, t); }, CancellationToken));
            var activity = $"{Action} {backend.Name}/{Name}";
            try
            {
                while (!EngineWait.Within(work, 250, CancellationToken))
                    WriteProgress(Progress(activity, Volatile.Read(ref left), Volatile.Read(ref total)));
                work.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested) { throw new PipelineStoppedException(); }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteProgress(new ProgressRecord(2, activity, "failed") { RecordType = ProgressRecordType.Completed });
                WriteError(new ErrorRecord(e, "CtrMaintenanceFailed", ErrorCategory.InvalidResult, target));
                return;
            }
            WriteProgress(new ProgressRecord(2, activity, "done") { RecordType = ProgressRecordType.Completed });
            WriteObject(Report(cluster, plan, clock.Elapsed));
        }

        private static ProgressRecord Progress(string activity, int left, int total) =>
            new ProgressRecord(2, activity, total == 0 ? "working" : $"{total - left} of {total} instances moved")
            {
                PercentComplete = total == 0 ? 0 : Math.Min(100, 100 * (total - left) / total),
            };

        private CtrMemberMaintenance Report(ClusterService cluster, IReadOnlyList<(string Box, string From, string To)> plan, TimeSpan took)
        {
            var instances = Wait(cluster.InstancesAsync(CancellationToken)).ToDictionary(i => i.Name, i => i.Location, StringComparer.Ordinal);
            var member = ClusterService.Find(cluster.Backend, Wait(cluster.MembersAsync(CancellationToken)), Name);
            return new CtrMemberMaintenance
            {
                Backend = cluster.Backend,
                Member = member.Name,
                Action = Action,
                Status = member.Status,
                Moved = plan.Select(p => $"{p.Box} -> {(instances.TryGetValue(p.Box, out var at) ? at : "(gone)")}").ToArray(),
                Duration = took,
            };
        }

        private protected void WriteMemberError(Exception e, string target)
        {
            switch (e)
            {
                case MemberNotFoundException _: WriteError(new ErrorRecord(e, "CtrMemberNotFound", ErrorCategory.ObjectNotFound, target)); break;
                case MemberUnavailableException _: WriteError(new ErrorRecord(e, "CtrMemberUnavailable", ErrorCategory.ResourceUnavailable, target)); break;
                case NotAClusterException _: WriteError(new ErrorRecord(e, "CtrNotACluster", ErrorCategory.InvalidArgument, target)); break;
                default: WriteCtrError(e, target); break;
            }
        }
    }
}
