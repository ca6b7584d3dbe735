using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Containarium.Core.Backends;
using Containarium.Core.Bootstrap;
using Containarium.Core.Config;
using Containarium.Core.Transport;
using Containarium.Core.Validation;
using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Bootstraps Incus on a Debian/Ubuntu host over SSH with the same script GCE backends run at boot: install, storage
    /// pool, profile root disk, image, admin group, daemon answering. Reads the host first; only the steps that would
    /// change something are offered to ShouldProcess, so -WhatIf lists them and a second run changes nothing.
    /// </summary>
    [Cmdlet(VerbsData.Initialize, "CtrBackend", SupportsShouldProcess = true, DefaultParameterSetName = RegisteredSet)]
    [OutputType(typeof(CtrBootstrapStep))]
    public sealed class InitializeCtrBackendCommand : CtrCmdlet
    {
        private const string RegisteredSet = "Registered";
        private const string SshSet = "Ssh";

        /// <summary>A registered backend, or with -HostName the name to register the host under (-Register).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = RegisteredSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Backend")]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Host", "Address", "ComputerName")]
        public string HostName { get; set; } = "";

        [Parameter(ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 22;

        [Parameter(Mandatory = true, ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        [Alias("User")]
        public string UserName { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        [Alias("IdentityFile")]
        public string KeyFile { get; set; } = "";

        [Parameter(ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        [Alias("ProxyJump")]
        public string[] JumpHost { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        public string? HostKeyFingerprint { get; set; }

        /// <summary>Register the host under -Name once it is initialised.</summary>
        [Parameter(ParameterSetName = SshSet)]
        public SwitchParameter Register { get; set; }

        [Parameter]
        [ValidateSet("dir", "btrfs", "zfs")]
        public string StorageDriver { get; set; } = "dir";

        /// <summary>Block device for a btrfs or zfs pool; without it Incus makes a loop file.</summary>
        [Parameter]
        public string? StorageSource { get; set; }

        [Parameter]
        public string? StorageSize { get; set; }

        [Parameter]
        public string StoragePool { get; set; } = "default";

        /// <summary>A local image to import: one unified tarball, or the metadata tarball and the rootfs.</summary>
        [Parameter]
        public string[] ImagePath { get; set; } = Array.Empty<string>();

        /// <summary>The alias the imported image gets.</summary>
        [Parameter]
        public string Image { get; set; } = "debian12";

        [Parameter]
        public string AdminGroup { get; set; } = "incus-admin";

        protected override void ProcessRecord()
        {
            var target = ParameterSetName == SshSet ? $"{UserName}@{HostName}:{Port}" : Name;
            if (!TryPrepare(target, out var backend, out var options)) return;
            var label = ParameterSetName == SshSet && Name.Length == 0 ? target : backend!.Name;
            var progress = new ProgressRecord(Math.Abs(label.GetHashCode() % 100000), "Initialize-CtrBackend " + label, "reading the host's state");
            try
            {
                var bootstrapper = new BackendBootstrapper(Engine.Connector.Open(backend!), label);
                WriteProgress(progress);
                var plan = Wait(bootstrapper.PlanAsync(options!, CancellationToken));
                var pending = plan.Where(s => s.Status == BootstrapStatus.Pending).ToList();
                var declined = false;
                foreach (var step in pending)
                    declined |= !ShouldProcess($"{label}: {step.Step}: {step.Detail}", "Initialize-CtrBackend");
                if (declined)
                {
                    if (!WhatIf()) WriteWarning($"{label}: not every step was confirmed; nothing was changed.");
                    else if (Register) ShouldProcess(RegisterTarget(backend!), "Register"); // -WhatIf shows it too
                    return;
                }
                var steps = plan;
                if (pending.Count > 0)
                {
                    progress.StatusDescription = "applying " + string.Join(", ", pending.Select(s => s.Step));
                    WriteProgress(progress);
                    steps = ApplyWithProgress(bootstrapper, options!, plan, progress);
                    // A new group membership only reaches new logins: drop the pooled connection.
                    if (steps.Any(s => s.Step == "admin-group" && s.Status == BootstrapStatus.Changed) && backend!.Transport == TransportKind.Ssh)
                        SshConnectionPool.Shared.Remove(Engine.Connector.Settings(backend).RouteKey);
                }
                foreach (var s in steps) WriteObject(CtrBootstrapStep.From(label, s));
                if (Register) RegisterHost(backend!, label);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteCtrError(e, target);
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }

        /// <summary>Runs the apply on a worker and reports the image upload's progress from the pipeline thread meanwhile.</summary>
        private IReadOnlyList<BootstrapStep> ApplyWithProgress(BackendBootstrapper bootstrapper, BootstrapOptions options,
            IReadOnlyList<BootstrapStep> plan, ProgressRecord progress)
        {
            long sent = 0, total = 0;
            var apply = bootstrapper.ApplyAsync(options, plan, (s, t) => { Interlocked.Exchange(ref total, t); Interlocked.Exchange(ref sent, s); }, CancellationToken);
            var status = progress.StatusDescription;
            try
            {
                while (!apply.Wait(500, CancellationToken))
                {
                    var t = Interlocked.Read(ref total);
                    var s = Interlocked.Read(ref sent);
                    progress.StatusDescription = t > 0 && s < t ? $"uploading the image: {s >> 20} of {t >> 20} MiB" : status;
                    progress.PercentComplete = t > 0 && s < t ? (int)(s * 100 / t) : -1;
                    WriteProgress(progress);
                }
            }
            catch (OperationCanceledException) { throw new PipelineStoppedException(); }
            catch (AggregateException) { /* Wait below rethrows the engine's own exception */ }
            return Wait(apply);
        }

        /// <summary>Every check that needs no host: bad values write one error for the row and nothing is sent.</summary>
        private bool TryPrepare(string target, out BackendDefinition? backend, out BootstrapOptions? options)
        {
            backend = null;
            options = null;
            var problems = new List<string>();
            try
            {
                if (ParameterSetName == RegisteredSet)
                {
                    backend = Engine.Inventory.Get(Name);
                }
                else
                {
                    if (Register && Name.Length == 0) problems.Add("-Register needs -Name: the name to register the host under.");
                    if (Name.Length > 0 && NameRules.CheckBackendName(Name) is string nameProblem) problems.Add(nameProblem);
                    backend = SshBackendDefinition.Create(Name.Length > 0 ? Name : "unregistered", HostName, Port, UserName,
                        GetUnresolvedProviderPathFromPSPath(KeyFile), JumpHost, HostKeyFingerprint);
                }
                options = new BootstrapOptions
                {
                    StorageDriver = StorageDriver,
                    StorageSource = StorageSource,
                    StorageSize = StorageSize,
                    StoragePool = StoragePool,
                    AdminGroup = AdminGroup,
                    AdminUser = backend.Transport == TransportKind.Ssh ? backend.UserName : null,
                    ImageAlias = Image,
                };
                problems.AddRange(options.Problems());
                if (problems.Count == 0 && ImagePath.Length > 0)
                {
                    WriteProgress(new ProgressRecord(1, "Initialize-CtrBackend " + target, "fingerprinting the image"));
                    options.Image = LocalImage.Open(ImagePath.Select(GetUnresolvedProviderPathFromPSPath).ToList());
                }
            }
            catch (ConfigException e) { ThrowCtrError(e, target); return false; }
            catch (FileNotFoundException e) { WriteCtrError(e, target); return false; }
            catch (BackendNotFoundException e) { WriteCtrError(e, target); return false; }
            catch (ArgumentException e) { problems.Add(e.Message); }
            if (problems.Count == 0) return true;
            WriteCtrError("CtrInvalidBootstrapOption", ErrorCategory.InvalidArgument, string.Join(" ", problems), target);
            return false;
        }

        /// <summary>Registers the initialised host (verified first, as Register-CtrBackend does); a re-run finds it registered.</summary>
        private void RegisterHost(BackendDefinition backend, string label)
        {
            var existing = Engine.Inventory.List().FirstOrDefault(b => string.Equals(b.Name, backend.Name, StringComparison.OrdinalIgnoreCase));
            if (existing != null)
            {
                if (existing.HostName == backend.HostName && existing.Port == backend.Port && existing.UserName == backend.UserName)
                    WriteObject(new CtrBootstrapStep { Backend = label, Step = "register", Status = "Unchanged", Detail = $"registered as '{existing.Name}'" });
                else
                    WriteCtrError("CtrBackendExists", ErrorCategory.ResourceExists,
                        $"A different backend named '{backend.Name}' is already registered ({existing.UserName}@{existing.HostName}:{existing.Port}); the host was initialised but not registered.", backend.Name);
                return;
            }
            if (!ShouldProcess(RegisterTarget(backend), "Register")) return;
            var status = Wait(new BackendProbe(Engine.Connector).ProbeAsync(backend, CancellationToken));
            if (status.State != BackendState.Online)
            {
                WriteCtrError(status.Error!, backend.Name);
                return;
            }
            Engine.Inventory.Register(backend, false);
            Engine.Refresh();
            WriteObject(new CtrBootstrapStep { Backend = label, Step = "register", Status = "Changed", Detail = $"registered as '{backend.Name}'" });
        }

        private static string RegisterTarget(BackendDefinition b) => $"backend '{b.Name}' ({b.UserName}@{b.HostName}:{b.Port})";

        private bool WhatIf() => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && w is SwitchParameter s && s.IsPresent;
    }
}
